// Command flows runs the seed flows through the generated Go client (customersapi) against a
// running sandbox. It reads SANDBOX_URL, API_KEY, API_SECRET, INDIVIDUAL_ID and BUSINESS_ID from
// the environment and prints one JSON report of what the client returned; test/sdks/sdks.test.ts
// checks it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"time"

	"github.com/spec-first/customers-api/generated/go/customersapi"
)

// recorder keeps the last settled call: its attempts and final response.
type recorder struct{ last *customersapi.SettledCall }

func (r *recorder) middleware() customersapi.Middleware {
	return customersapi.Middleware{OnSettled: func(call customersapi.SettledCall) { r.last = &call }}
}

// outcome is what a caller can see of one call: the typed result, or the error's fields.
type outcome struct {
	OK              bool    `json:"ok"`
	Type            string  `json:"type,omitempty"`
	Body            any     `json:"body,omitempty"`
	Status          int     `json:"status,omitempty"`
	Code            *string `json:"code,omitempty"`
	Message         *string `json:"message,omitempty"`
	RequestID       *string `json:"requestId,omitempty"`
	HeaderRequestID *string `json:"headerRequestId,omitempty"`
	RetryAfter      *string `json:"retryAfter,omitempty"`
	Attempts        int     `json:"attempts"`
	ElapsedMs       int64   `json:"elapsedMs"`
	Error           string  `json:"error,omitempty"`
}

func header(resp *http.Response, name string) *string {
	if resp == nil || resp.Header.Get(name) == "" {
		return nil
	}
	value := resp.Header.Get(name)
	return &value
}

func run[T any](rec *recorder, fn func() (T, error)) (T, outcome) {
	rec.last = nil
	started := time.Now()
	value, err := fn()
	out := outcome{ElapsedMs: time.Since(started).Milliseconds()}
	if rec.last != nil {
		out.Attempts = rec.last.Attempts
	}
	if err == nil {
		out.OK = true
		out.Type = reflect.TypeOf(value).Name()
		out.Body = value
		return value, out
	}
	var apiErr *customersapi.APIError
	if !errors.As(err, &apiErr) {
		out.Error = err.Error()
		return value, out
	}
	out.Status = apiErr.Status
	// The body is the decoded JSON error; re-decoding it gives the spec's Error schema as a struct.
	var body customersapi.ApiErrorBody
	if raw, marshalErr := json.Marshal(apiErr.Body); marshalErr == nil && json.Unmarshal(raw, &body) == nil {
		out.Code, out.Message, out.RequestID = body.Code, &body.Message, body.RequestId
	}
	if rec.last != nil {
		out.HeaderRequestID = header(rec.last.Response, "X-Request-Id")
		out.RetryAfter = header(rec.last.Response, "Retry-After")
	}
	return value, out
}

func main() {
	ctx := context.Background()
	url := os.Getenv("SANDBOX_URL")
	individual := os.Getenv("INDIVIDUAL_ID")
	business := os.Getenv("BUSINESS_ID")
	rec := &recorder{}
	report := map[string]any{}

	anonymous := customersapi.New(customersapi.Config{ServerURL: url, Middleware: []customersapi.Middleware{rec.middleware()}})
	secret := os.Getenv("API_SECRET")
	token, exchange := run(rec, func() (customersapi.AccessToken, error) {
		return anonymous.CreateAccessToken(ctx, customersapi.AccessTokenRequest{ApiKey: os.Getenv("API_KEY"), ApiSecret: secret})
	})
	report["exchange"] = map[string]any{
		"ok": exchange.OK, "status": exchange.Status, "attempts": exchange.Attempts,
		"tokenType": token.TokenType, "expiresIn": token.ExpiresIn, "hasToken": token.AccessToken != "",
	}
	if !exchange.OK {
		emit(report)
		os.Exit(1)
	}

	config := func(headers map[string]string, retries int) customersapi.Config {
		return customersapi.Config{
			ServerURL:  url,
			Auth:       customersapi.Auth{Bearer: func() string { return token.AccessToken }},
			Headers:    headers,
			Retry:      customersapi.RetryConfig{Retries: retries, RetryDelay: 50 * time.Millisecond},
			Middleware: []customersapi.Middleware{rec.middleware()},
		}
	}
	client := customersapi.New(config(nil, 2))

	_, report["businessDelete"] = run(rec, func() (customersapi.BusinessCustomerDeletion, error) {
		return client.DeleteBusinessCustomer(ctx, business)
	})
	_, report["businessRepeat"] = run(rec, func() (customersapi.BusinessCustomerDeletion, error) {
		return client.DeleteBusinessCustomer(ctx, business)
	})
	first, firstOutcome := run(rec, func() (customersapi.DeletedCustomer, error) { return client.DeleteCustomer(ctx, individual) })
	second, secondOutcome := run(rec, func() (customersapi.DeletedCustomer, error) { return client.DeleteCustomer(ctx, individual) })
	report["individualFirst"], report["individualSecond"] = firstOutcome, secondOutcome
	report["individualSameBody"] = firstOutcome.OK && reflect.DeepEqual(first, second)
	_, report["wrongType"] = run(rec, func() (customersapi.DeletedCustomer, error) { return client.DeleteCustomer(ctx, business) })
	_, report["noCredentials"] = run(rec, func() (customersapi.DeletedCustomer, error) { return anonymous.DeleteCustomer(ctx, individual) })

	unavailable := customersapi.New(config(map[string]string{"Prefer": "code=503"}, 2))
	_, report["retried503"] = run(rec, func() (customersapi.DeletedCustomer, error) { return unavailable.DeleteCustomer(ctx, individual) })
	limited := customersapi.New(config(map[string]string{"Prefer": "code=429"}, 0))
	_, report["rateLimited"] = run(rec, func() (customersapi.DeletedCustomer, error) { return limited.DeleteCustomer(ctx, individual) })
	limitedRetried := customersapi.New(config(map[string]string{"Prefer": "code=429"}, 1))
	_, report["rateLimitedRetried"] = run(rec, func() (customersapi.DeletedCustomer, error) {
		return limitedRetried.DeleteCustomer(ctx, individual)
	})
	emit(report)
}

func emit(report map[string]any) {
	out, err := json.Marshal(report)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println(string(out))
}
