module example.com/customers-api-sdk-tests

go 1.21

require github.com/spec-first/customers-api/generated/go v0.0.0

replace github.com/spec-first/customers-api/generated/go => ../../../generated/go
