// The demo's host-backend calls to the BFF (API-key side): create a session and read it back, and
// a subject's claims and passports.
// Each call has a timeout, checks the status, parses JSON defensively and validates the shape,
// because this is the code product teams will copy into their own backends.
import { WidgetCspSchema, type WidgetCsp } from '@identity-verify/contract/csp';
import type { IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import { ServiceRequirementSchema, type SetServiceRequirement } from '@identity-verify/contract/services';
import {
  IntrospectionSchema,
  IssuedPassportSchema,
  PassportSchema,
  type Introspection,
  type IssuePassportRequest,
  type Passport,
} from '@identity-verify/contract/passports';
import {
  ConsentRecordSchema,
  CreateSessionResponseSchema,
  ErrorBodySchema,
  HostSessionSchema,
  IdentityClaimSchema,
  RevokeClaimResponseSchema,
  type CreateSessionRequest,
  type IdentityClaim,
  type ConsentRecord,
  type CreateSessionResponse,
  type HostSession,
} from '@identity-verify/contract/schemas';
import { z } from 'zod';

/** A failed host API call, carrying the BFF's public error code (never its raw body). */
export class HostApiError extends Error {
  override readonly name = 'HostApiError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The slice of fetch used here, so tests can route calls into an in-process app. */
export type FetchLike = (input: URL, init: RequestInit) => Promise<Response>;

export interface HostApiOptions {
  bffUrl: string;
  apiKey: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

export interface HostApi {
  createSession(request: CreateSessionRequest): Promise<CreateSessionResponse>;
  /** The session as the host backend sees it, or null when the BFF no longer knows it. */
  getSession(id: string): Promise<HostSession | null>;
  /** Seed 004's report of what the provider established (include=identity_profile, audited at the BFF), or null. */
  getIdentityProfile(id: string): Promise<IdentityProfileReport | null>;
  /** The consent receipts of a session: which notice, version, text hash, locale, decision and when. */
  listConsents(id: string): Promise<ConsentRecord[]>;
  /** A subject's claims, revoked and expired ones too, newest first (never personal data). */
  listClaims(subject: string): Promise<IdentityClaim[]>;
  /** Revokes a claim; the BFF revokes the active passports carrying it. */
  revokeClaim(id: string): Promise<void>;
  issuePassport(request: IssuePassportRequest): Promise<Passport & { token: string }>;
  listPassports(subject: string): Promise<Passport[]>;
  /** RFC 7662: whether the BFF holds the passport active (never asking it to resolve claim_refs). */
  introspectPassport(token: string): Promise<Introspection>;
  /** Sets what one of this host's services needs of a person (replacing what it needed). */
  setServiceRequirement(serviceId: string, requirement: SetServiceRequirement): Promise<void>;
  /** Registers this backend's events endpoint at the BFF (replacing any at the same URL): its signing secret. */
  registerEventsEndpoint(url: string): Promise<{ id: string; secret: string }>;
  /** The Content-Security-Policy a page needs for the widget and the BFF's enabled providers. */
  widgetCsp(): Promise<WidgetCsp>;
}

export function createHostApi(options: HostApiOptions): HostApi {
  if (!options.apiKey) throw new TypeError('apiKey is required.');
  const base = new URL(options.bffUrl);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown) {
    let response: Response;
    try {
      response = await doFetch(new URL(path, base), {
        method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
      throw new HostApiError(
        timedOut ? 'bff_timeout' : 'bff_unreachable',
        timedOut ? 504 : 502,
        timedOut ? 'The verification service did not answer in time.' : 'The verification service could not be reached.',
        { cause },
      );
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch (cause) {
      throw new HostApiError('bff_bad_response', 502, 'The verification service answered with something other than JSON.', { cause });
    }
    if (!response.ok) {
      const parsed = ErrorBodySchema.safeParse(json);
      // The BFF's public messages are safe to relay; anything else is replaced.
      if (parsed.success) throw new HostApiError(parsed.data.error.code, response.status, parsed.data.error.message);
      throw new HostApiError('bff_bad_response', 502, `The verification service answered ${response.status}.`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new HostApiError('bff_bad_response', 502, 'The verification service answered with an unexpected shape.', {
        cause: parsed.error,
      });
    }
    return parsed.data as z.output<S>;
  }

  return {
    createSession(request) {
      return call('POST', '/v1/sessions', CreateSessionResponseSchema, request);
    },
    async registerEventsEndpoint(url) {
      const existing = await call('GET', '/v1/webhook_endpoints', z.array(z.object({ id: z.string(), url: z.string() })));
      // A restart gets a new secret: the old endpoint at this URL (whose secret is gone with the old process) is dropped.
      for (const old of existing.filter((e) => e.url === url)) await call('DELETE', `/v1/webhook_endpoints/${encodeURIComponent(old.id)}`, z.object({ deleted: z.literal(true) }));
      return call('POST', '/v1/webhook_endpoints', z.object({ id: z.string(), secret: z.string() }), { url });
    },
    async setServiceRequirement(serviceId, requirement) {
      await call('POST', `/v1/services/${encodeURIComponent(serviceId)}/requirements`, ServiceRequirementSchema, requirement);
    },
    listClaims(subject) {
      return call('GET', `/v1/identity/claims?${new URLSearchParams({ subject })}`, z.array(IdentityClaimSchema));
    },
    async revokeClaim(id) {
      await call('DELETE', `/v1/identity/claims/${encodeURIComponent(id)}`, RevokeClaimResponseSchema);
    },
    issuePassport(request) {
      return call('POST', '/v1/identity/passports', IssuedPassportSchema, request);
    },
    listPassports(subject) {
      return call('GET', `/v1/identity/passports?${new URLSearchParams({ subject })}`, z.array(PassportSchema));
    },
    introspectPassport(token) {
      return call('POST', '/v1/identity/passports/introspect', IntrospectionSchema, { token });
    },
    widgetCsp() {
      return call('GET', '/v1/widget/csp', WidgetCspSchema);
    },
    listConsents(id) {
      return call('GET', `/v1/sessions/${encodeURIComponent(id)}/consents`, z.array(ConsentRecordSchema));
    },
    async getIdentityProfile(id) {
      const read = await call('GET', `/v1/sessions/${encodeURIComponent(id)}?include=identity_profile`, HostSessionSchema);
      return read.identity_profile ?? null;
    },
    async getSession(id) {
      try {
        return await call('GET', `/v1/sessions/${encodeURIComponent(id)}`, HostSessionSchema);
      } catch (error) {
        if (error instanceof HostApiError && error.status === 404) return null;
        throw error;
      }
    },
  };
}
