// The operations of openapi.yaml, one handler each, typed by its documented responses (HandlerResult),
// in the order the spec implies: credentials (401), request validation (400), permission (403), lookup
// (404). `handlers` must name every operationId, or this file does not compile.
import { operation } from '../spec/index.js';
import { CREDENTIALS_CHALLENGE, type Credential } from './auth.js';
import { type Errors, type ErrorTriple, errorBody, withMessage } from './errors.js';
import type { Messages } from './messages.js';
import type { KeyRecord, Store } from './store.js';
import type { TokenIssuer } from './tokens.js';
import type { DeletedCustomer, HandlerResult, OperationId } from './types.js';

/** What a handler gets: the request, already routed and parsed, with its credential resolved. */
export interface HandlerContext {
  requestId: string;
  /** Milliseconds since the epoch (the sandbox clock, injectable for tests). */
  now: number;
  /** The decoded `customerId` path parameter of the deletes. */
  customerId: string;
  /** The parsed JSON body (token endpoint), or undefined when there is none. */
  body: unknown;
  /** Set when the body could not be accepted: the 400 to send. */
  bodyError: ErrorTriple<400, 'invalid_request'> | undefined;
  credential: Credential;
  store: Store;
  tokens: TokenIssuer;
  errors: Errors;
  messages: Messages;
}

/** The handler of operation `O`: any documented response of `O`, nothing else. */
export type Handler<O extends OperationId> = (
  ctx: HandlerContext,
) => HandlerResult<O> | Promise<HandlerResult<O>>;

/** One handler per operationId of the spec. */
export type HandlerTable = { [O in OperationId]: Handler<O> };

type Check = (value: unknown) => { at: string; message: string }[];
let validators: { individualId: Check; businessId: Check; tokenBody: Check } | undefined;

/** The spec's validators of the customerId parameters and the token body, compiled on first use. */
function specValidators(): NonNullable<typeof validators> {
  if (validators) return validators;
  const individualId = operation('deleteCustomer').parameters[0]?.validate;
  const businessId = operation('deleteBusinessCustomer').parameters[0]?.validate;
  const tokenBody = operation('createAccessToken').requestBody?.validate;
  if (!individualId || !businessId || !tokenBody)
    throw new Error('src/sandbox/handlers.ts: openapi.json lacks the customerId parameters or token body');
  validators = { individualId: individualId as Check, businessId: businessId as Check, tokenBody };
  return validators;
}

const fail = <S extends number, C extends ErrorTriple['code']>(error: ErrorTriple<S, C>, requestId: string) =>
  ({ status: error.status, body: errorBody(error, requestId) }) as const;

/** `POST /auth/token`: exchanges a key and secret for a signed, short-lived bearer token. */
async function createAccessToken(ctx: HandlerContext): Promise<HandlerResult<'createAccessToken'>> {
  const { requestId, errors } = ctx;
  if (ctx.bodyError !== undefined) return fail(ctx.bodyError, requestId);
  const issues = specValidators().tokenBody(ctx.body);
  if (issues.length > 0) return fail(bodyError(errors, issues[0]), requestId);
  const { apiKey, apiSecret } = ctx.body as { apiKey: string; apiSecret: string };
  const key = ctx.store.keyByApiKey(apiKey);
  // Hash the secret even for unknown keys so timing does not reveal which keys exist.
  const secretOk = await ctx.store.secretMatches(key, apiSecret);
  if (!key || !secretOk)
    return {
      ...fail(errors.invalidApiCredentials, requestId),
      headers: { 'WWW-Authenticate': CREDENTIALS_CHALLENGE },
    };
  const issued = await ctx.tokens.issue(key.id, key.accountId, ctx.now);
  return {
    status: 200,
    body: {
      accessToken: issued.token,
      tokenType: 'bearer',
      expiresIn: issued.expiresIn,
      expiresAt: issued.expiresAt.toISOString(),
    },
    headers: { 'Cache-Control': 'no-store' },
  };
}

/** `DELETE /customers/{customerId}`: sets an individual customer inactive; repeats return the same body. */
function deleteCustomer(ctx: HandlerContext): HandlerResult<'deleteCustomer'> {
  const { requestId, errors } = ctx;
  const key = principal(ctx);
  if (!key.ok) return key.result;
  if (ctx.bodyError !== undefined) return fail(ctx.bodyError, requestId);
  const { individualId, businessId } = specValidators();
  if (individualId(ctx.customerId).length > 0)
    return businessId(ctx.customerId).length === 0
      ? fail(errors.individualTypeMismatch, requestId)
      : fail(errors.malformedIndividualId, requestId);
  if (!key.key.canDelete) return fail(errors.forbidden, requestId);
  const record = ctx.store.findIndividual(key.key.accountId, ctx.customerId);
  if (!record) return fail(errors.customerNotFound, requestId);
  ctx.store.deleteIndividual(record, { keyId: key.key.id, requestId, now: ctx.now });
  return { status: 200, body: record.customer as DeletedCustomer };
}

/** `DELETE /customers/business/{customerId}`: soft-deletes a business and all it owns; a repeat is 404. */
function deleteBusinessCustomer(ctx: HandlerContext): HandlerResult<'deleteBusinessCustomer'> {
  const { requestId, errors } = ctx;
  const key = principal(ctx);
  if (!key.ok) return key.result;
  if (ctx.bodyError !== undefined) return fail(ctx.bodyError, requestId);
  const { individualId, businessId } = specValidators();
  if (businessId(ctx.customerId).length > 0)
    return individualId(ctx.customerId).length === 0
      ? fail(errors.businessTypeMismatch, requestId)
      : fail(errors.malformedBusinessId, requestId);
  if (!key.key.canDelete) return fail(errors.forbidden, requestId);
  const record = ctx.store.findBusiness(key.key.accountId, ctx.customerId);
  if (!record) return fail(errors.customerNotFound, requestId);
  ctx.store.deleteBusiness(record, { keyId: key.key.id, requestId, now: ctx.now });
  return {
    status: 200,
    body: { success: true, message: ctx.messages.businessDeleted, customerId: ctx.customerId },
  };
}

/** Every operation's handler, checked against the spec's operationIds. */
export const handlers = {
  createAccessToken,
  deleteCustomer,
  deleteBusinessCustomer,
} satisfies HandlerTable;

type Unauthorized = Extract<HandlerResult<'deleteCustomer'>, { status: 401 }>;

/** The calling key, or the 401 to answer (RFC 6750, section 3: with a `WWW-Authenticate` challenge). */
function principal(ctx: HandlerContext): { ok: true; key: KeyRecord } | { ok: false; result: Unauthorized } {
  const { credential } = ctx;
  if (credential.ok) return { ok: true, key: credential.key };
  return {
    ok: false,
    result: {
      ...fail(credential.error, ctx.requestId),
      headers: { 'WWW-Authenticate': credential.challenge },
    },
  };
}

/** Turns the first schema issue of a token request into the spec's example wording. */
function bodyError(
  errors: Errors,
  issue: { at: string; message: string } | undefined,
): ErrorTriple<400, 'invalid_request'> {
  if (!issue) return errors.bodyNotJson;
  // Any length or pattern problem of the key gets the spec's one wording.
  if (issue.at === '/apiKey' && !/ must be string/.test(issue.message)) return errors.malformedApiKey;
  const text = issue.message.replace(/^\(root\) /, '').replace(/^\/(\w+) /, '$1 ');
  // Ajv's pattern text would echo the pattern only; never echo the submitted secret.
  return withMessage(errors.invalidBody, `Invalid request body: ${text}.`.replace(/\.\.$/, '.'));
}
