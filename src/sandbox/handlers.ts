// The three operations of openapi.yaml, each typed by its documented responses (HandlerResult), in the
// order the spec implies: credentials (401), request validation (400), permission (403), lookup (404).
import { operation } from '../spec/index.js';
import { CREDENTIALS_CHALLENGE, type Credential } from './auth.js';
import { messages } from './messages.js';
import type { Mutations } from './mutations.js';
import type { Store } from './store.js';
import type { TokenIssuer } from './tokens.js';
import type { DeletedCustomer, HandlerResult } from './types.js';

/** What a handler gets: the request, already routed, with its credential resolved. */
export interface HandlerContext {
  requestId: string;
  /** Milliseconds since the epoch (the sandbox clock, injectable for tests). */
  now: number;
  /** The decoded `customerId` path parameter of the deletes. */
  customerId: string;
  /** The parsed JSON body (token endpoint), or undefined when there is none. */
  body: unknown;
  /** Set when the body could not be read as JSON: the 400 message to send. */
  bodyError?: string;
  credential: Credential;
  store: Store;
  tokens: TokenIssuer;
  mutations: Mutations;
}

const individualId = operation('deleteCustomer').parameters[0]?.validate;
const businessId = operation('deleteBusinessCustomer').parameters[0]?.validate;
const tokenBody = operation('createAccessToken').requestBody?.validate;
if (!individualId || !businessId || !tokenBody)
  throw new Error('src/sandbox/handlers.ts: openapi.json lacks the customerId parameters or token body');

/** `POST /auth/token`: exchanges a key and secret for a signed, short-lived bearer token. */
export function createAccessToken(ctx: HandlerContext): HandlerResult<'createAccessToken'> {
  const { requestId } = ctx;
  if (ctx.bodyError !== undefined)
    return { status: 400, body: { message: ctx.bodyError, code: 'invalid_request', requestId } };
  const issues = (tokenBody as (value: unknown) => { at: string; message: string }[])(ctx.body);
  if (issues.length > 0)
    return { status: 400, body: { message: bodyMessage(issues[0]), code: 'invalid_request', requestId } };
  const { apiKey, apiSecret } = ctx.body as { apiKey: string; apiSecret: string };
  const key = ctx.store.keyByApiKey(apiKey);
  // Hash the secret even for unknown keys so timing does not reveal which keys exist.
  const secretOk = key ? ctx.store.secretMatches(key, apiSecret) : false;
  if (!key || !secretOk)
    return {
      status: 401,
      body: { message: messages.invalidApiCredentials, code: 'unauthorized', requestId },
      headers: { 'WWW-Authenticate': CREDENTIALS_CHALLENGE },
    };
  const issued = ctx.tokens.issue(key.id, key.accountId, ctx.now);
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
export function deleteCustomer(ctx: HandlerContext): HandlerResult<'deleteCustomer'> {
  const { requestId, mutations } = ctx;
  const key = principal(ctx);
  if (!key.ok) return key.result;
  if (ctx.bodyError !== undefined)
    return { status: 400, body: { message: ctx.bodyError, code: 'invalid_request', requestId } };
  if (individualId?.(ctx.customerId).length) {
    if (businessId?.(ctx.customerId).length === 0)
      return mutations.wrongTypeIsNotFound
        ? notFound(requestId)
        : {
            status: 400,
            body: { message: messages.individualTypeMismatch, code: 'customer_type_mismatch', requestId },
          };
    return mutations.malformedIdIsServerError
      ? serverError(requestId)
      : {
          status: 400,
          body: { message: messages.malformedIndividualId, code: 'invalid_request', requestId },
        };
  }
  if (!key.canDelete) return forbidden(requestId);
  const record = ctx.store.findIndividual(
    mutations.crossAccountAccess ? undefined : key.accountId,
    ctx.customerId,
  );
  if (!record) return notFound(requestId);
  if (!mutations.individualStaysActive)
    ctx.store.deleteIndividual(record, { keyId: key.id, requestId, now: ctx.now });
  let body = record.customer as DeletedCustomer;
  if (mutations.leakPii) body = { ...body, birthDate: record.pii.birthDate } as DeletedCustomer;
  return { status: 200, body };
}

/** `DELETE /customers/business/{customerId}`: soft-deletes a business and all it owns; a repeat is 404. */
export function deleteBusinessCustomer(ctx: HandlerContext): HandlerResult<'deleteBusinessCustomer'> {
  const { requestId, mutations } = ctx;
  const key = principal(ctx);
  if (!key.ok) return key.result;
  if (ctx.bodyError !== undefined)
    return { status: 400, body: { message: ctx.bodyError, code: 'invalid_request', requestId } };
  if (businessId?.(ctx.customerId).length) {
    if (individualId?.(ctx.customerId).length === 0)
      return mutations.wrongTypeIsNotFound
        ? notFound(requestId)
        : {
            status: 400,
            body: { message: messages.businessTypeMismatch, code: 'customer_type_mismatch', requestId },
          };
    return mutations.malformedIdIsServerError
      ? serverError(requestId)
      : { status: 400, body: { message: messages.malformedBusinessId, code: 'invalid_request', requestId } };
  }
  if (!key.canDelete) return forbidden(requestId);
  const accountId = mutations.crossAccountAccess ? undefined : key.accountId;
  const record = ctx.store.findBusiness(accountId, ctx.customerId);
  if (record) ctx.store.deleteBusiness(record, { keyId: key.id, requestId, now: ctx.now });
  else if (!(mutations.repeatBusinessDeleteSucceeds && deletedBefore(ctx, accountId)))
    return notFound(requestId);
  return {
    status: 200,
    body: { success: true, message: messages.businessDeleted, customerId: ctx.customerId },
  };
}

/** Mutant helper: the customer exists in the caller's account but was deleted already. */
function deletedBefore(ctx: HandlerContext, accountId: string | undefined): boolean {
  const retained = ctx.store.retainedBusiness(ctx.customerId);
  return retained?.deletion !== undefined && (accountId === undefined || retained.accountId === accountId);
}

type Unauthorized = Extract<HandlerResult<'deleteCustomer'>, { status: 401 }>;

/** The calling key, or the 401 to answer (RFC 6750, section 3: with a `WWW-Authenticate` challenge). */
function principal(
  ctx: HandlerContext,
):
  | ({ ok: true } & { id: string; accountId: string; canDelete: boolean })
  | { ok: false; result: Unauthorized } {
  const { credential } = ctx;
  if (credential.ok) return { ok: true, ...credential.key };
  if (credential.missing && ctx.mutations.acceptMissingCredentials) {
    const first = ctx.store.accountList()[0];
    return { ok: true, id: 'key_mutant', accountId: first?.id ?? '', canDelete: true };
  }
  return {
    ok: false,
    result: {
      status: 401,
      body: { message: credential.message, code: 'unauthorized', requestId: ctx.requestId },
      headers: { 'WWW-Authenticate': credential.challenge },
    },
  };
}

function notFound(requestId: string) {
  return {
    status: 404,
    body: { message: messages.customerNotFound, code: 'customer_not_found', requestId },
  } as const;
}

function forbidden(requestId: string) {
  return { status: 403, body: { message: messages.forbidden, code: 'forbidden', requestId } } as const;
}

function serverError(requestId: string) {
  return {
    status: 500,
    body: { message: messages.internalError, code: 'internal_error', requestId },
  } as const;
}

/** Turns the first schema issue of a token request into the spec's example wording. */
function bodyMessage(issue: { at: string; message: string } | undefined): string {
  if (!issue) return messages.bodyNotJson;
  // Any length or pattern problem of the key gets the spec's one wording.
  if (issue.at === '/apiKey' && !/ must be string/.test(issue.message)) return messages.malformedApiKey;
  const text = issue.message.replace(/^\(root\) /, '').replace(/^\/(\w+) /, '$1 ');
  // Ajv's pattern text would echo the pattern only; never echo the submitted secret.
  return `Invalid request body: ${text}.`.replace(/\.\.$/, '.');
}
