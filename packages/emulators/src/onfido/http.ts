// What every Onfido route shares: Onfido's error body, `Token token=` and SDK-token auth (with
// the token's referrer rule), JSON bodies checked with zod into Onfido's `fields`, and the origin
// used for absolute URLs.
import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { errors, fieldsFrom, OnfidoApiError } from './errors.js';
import { parseTokenHeader, type OnfidoKeys } from './keys.js';
import type { OnfidoState } from './model.js';
import { referrerAllowed, verifySdkToken, type SdkTokenClaims } from './sdk-token.js';

export function errorResponse(e: OnfidoApiError): Response {
  return Response.json({ error: e.body }, { status: e.status });
}

/** Runs a handler and turns a thrown OnfidoApiError into Onfido's answer. */
export function onfidoRoute<C extends Context>(handler: (c: C) => Promise<Response> | Response) {
  return async (c: C): Promise<Response> => {
    try {
      return await handler(c);
    } catch (error) {
      if (error instanceof OnfidoApiError) return errorResponse(error);
      throw error;
    }
  };
}

/** Guards the public API: `Authorization: Token token=<api token>`. */
export function apiTokenAuth(keys: OnfidoKeys): MiddlewareHandler {
  return async function onfidoTokenAuth(c, next) {
    const token = parseTokenHeader(c.req.header('authorization'));
    if (!token || !keys.apiTokens.includes(token)) return errorResponse(errors.authorization());
    await next();
  };
}

export interface SdkAuthVars {
  Variables: { sdk: SdkTokenClaims };
}

export interface SdkAuthDeps {
  keys: OnfidoKeys;
  state: OnfidoState;
  nowSeconds(): number;
}

/**
 * Guards the SDK-facing paths: `Authorization: Bearer <sdk token>` minted by this emulator, not
 * past its `exp`, not expired early by the expireSdkTokens control (answered exactly as a token
 * past its `exp`), and used from a page its referrer pattern admits (the Referer header).
 */
export function sdkTokenAuth({ keys, state, nowSeconds }: SdkAuthDeps): MiddlewareHandler<SdkAuthVars> {
  return async function onfidoSdkAuth(c, next) {
    const m = /^Bearer\s+(\S+)$/.exec(c.req.header('authorization') ?? '');
    if (!m) return errorResponse(errors.authorization());
    const result = verifySdkToken(m[1]!, keys.sdkTokenSecret, nowSeconds());
    if (!result.ok) return errorResponse(result.reason === 'expired' ? errors.expiredToken() : errors.authorization());
    if (state.sdkTokens.get(result.claims.uuid)?.expired) return errorResponse(errors.expiredToken());
    const referer = c.req.header('referer');
    if (!referrerAllowed(result.claims.payload.ref, referer)) return errorResponse(errors.badReferrer(referer));
    c.set('sdk', result.claims);
    await next();
  };
}

/** A JSON body validated by `schema`; throws Onfido's 400/415/422 otherwise. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (!type.includes('json')) throw errors.unsupportedMediaType('application/json');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw errors.badJson();
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw errors.validation(fieldsFrom(parsed.error.issues));
  return parsed.data;
}

/** Origin for absolute URLs: the configured public URL, else the origin the request came to. */
export function originOf(c: Context, publicUrl: string | undefined): string {
  return publicUrl ?? new URL(c.req.url).origin;
}

/** The `:id` path parameter (routes wrapped in onfidoRoute lose Hono's path typing). */
export const idOf = (c: Context): string => c.req.param('id') ?? '';
