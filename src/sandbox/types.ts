// Handler result types derived from generated/schema.d.ts, so a handler can only return a status, body
// and headers that openapi.yaml documents for its operation.
import type { components, operations } from '../../generated/schema.js';

/** The operationIds of the spec. */
export type OperationId = keyof operations;

/** The documented responses of one operation, keyed by status. */
export type Responses<O extends OperationId> = operations[O]['responses'];

/** Headers the server itself sets on every response, so handlers never return them. */
export type ServerHeaders = 'X-Request-Id' | 'RateLimit' | 'RateLimit-Policy' | 'Access-Control-Allow-Origin';

// Drops the `[name: string]: unknown` index signature openapi-typescript adds to header objects.
type KnownKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K];
};

/** The headers of one documented response that the handler must supply (e.g. `WWW-Authenticate` on 401). */
export type HandlerHeaders<R> = R extends { headers: infer H }
  ? { [K in Exclude<KnownKeys<H>, ServerHeaders>]: H[K] }
  : Record<string, never>;

/** The JSON body of one documented response. */
export type BodyOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;

type ResultFor<S, R> = keyof HandlerHeaders<R> extends never
  ? { status: S; body: BodyOf<R>; headers?: undefined }
  : { status: S; body: BodyOf<R>; headers: HandlerHeaders<R> };

/**
 * What a handler of operation `O` may return: one documented status with its documented body and the
 * documented headers the server does not add itself. Anything else does not compile.
 */
export type HandlerResult<O extends OperationId> = {
  [S in keyof Responses<O>]: ResultFor<S, Responses<O>[S]>;
}[keyof Responses<O>];

/** The Error schema of the spec, the body of every 4xx and 5xx. */
export type ErrorBody = components['schemas']['ApiErrorBody'];

/** The machine-readable error codes of the Error schema. */
export type ErrorCode = NonNullable<ErrorBody['code']>;

/** The 200 body of `deleteCustomer`. */
export type DeletedCustomer = components['schemas']['DeletedCustomer'];

/** An individual customer as the spec's Customer schema describes it. */
export type Customer = components['schemas']['Customer'];

/** A wallet in the flat view of the CustomerWallet schema. */
export type CustomerWallet = components['schemas']['CustomerWallet'];
