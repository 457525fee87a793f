// The package's `./types` export: the types generated from openapi.yaml (openapi-typescript's
// `paths`, `components` and `operations`) and the facade's input types, with no runtime code.
import type { components } from '../generated/schema.js';

export type {
  CreateAccessTokenInput,
  DeleteBusinessCustomerInput,
  DeleteCustomerInput,
  OperationId,
} from '../generated/operations.js';
export type * from '../generated/schema.js';

/** Every schema of `components.schemas`, by name: `Schemas['DeletedCustomer']`. */
export type Schemas = components['schemas'];
