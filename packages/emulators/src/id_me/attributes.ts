// ID.me's REST reads beside OIDC: GET /api/public/v3/attributes.json (what the person shared, their
// group status and, with passback on, fresh document tokens) and GET /api/public/v3/policies (the
// consumer's policies, authenticated by client_id and client_secret in the query).
import type { Context, Hono } from 'hono';
import type { DocumentStore } from './documents.js';
import { idMeError } from './errors.js';
import { sameSecret, type IdMeConsumer } from './keys.js';
import { identityAttributes, type Attribute, type GroupStatus } from './people.js';
import { RELEASED_HANDLES, SANDBOX_POLICIES } from './policies.js';
import type { Verification } from './verifications.js';

export const ATTRIBUTES_PATH = '/api/public/v3/attributes.json';
export const POLICIES_PATH = '/api/public/v3/policies';

/** Spending an access token: ID.me's are single use, so a second presentation fails (and revokes it). */
export type AccessCheck =
  | { ok: true; verification: Verification }
  | { ok: false; error: 'invalid_request' | 'invalid_token'; description: string };

export type SpendAccessToken = (value: string | undefined, requestUrl: string) => Promise<AccessCheck>;

/** The access token a request presents: `Authorization: Bearer …`, else `?access_token=`. */
export function presentedAccessToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const bearer = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  return bearer ?? c.req.query('access_token') ?? undefined;
}

/** The 401 RFC 6750 prescribes, with its WWW-Authenticate challenge. */
export function accessDenied(c: Context, check: Extract<AccessCheck, { ok: false }>) {
  return idMeError(c, 401, check.error, check.description, {
    'WWW-Authenticate': `Bearer realm="ID.me", error="${check.error}", error_description="${check.description}"`,
  });
}

export interface AttributesBody {
  attributes: Attribute[];
  status: GroupStatus[];
}

/** What attributes.json answers for a verification; mints a new pair of document tokens on each call. */
export function attributesOf(verification: Verification, documents: DocumentStore): AttributesBody {
  const released = new Set(RELEASED_HANDLES[verification.policy]);
  const attributes = identityAttributes(verification.person).filter((a) => released.has(a.handle));
  if (verification.document) {
    attributes.push({ handle: 'document_tokens', name: 'Document Passback Tokens', value: documents.mintPair(verification.document) });
  }
  // A group's status is reported when its policy was asked for and the person passed it.
  const status =
    verification.outcome === 'verified'
      ? verification.person.groups.filter((g) => verification.scopes.includes(g.group)).map((g) => ({ ...g, subgroups: [...g.subgroups] }))
      : [];
  return { attributes, status };
}

export interface RestDeps {
  documents: DocumentStore;
  consumers: readonly IdMeConsumer[];
  spendAccessToken: SpendAccessToken;
}

export function mountRestApi(app: Hono, deps: RestDeps): void {
  app.get(ATTRIBUTES_PATH, async (c) => {
    const check = await deps.spendAccessToken(presentedAccessToken(c), c.req.url);
    if (!check.ok) return accessDenied(c, check);
    c.header('Cache-Control', 'no-store');
    return c.json(attributesOf(check.verification, deps.documents));
  });

  app.get(POLICIES_PATH, (c) => {
    const clientId = c.req.query('client_id');
    const consumer = deps.consumers.find((k) => k.clientId === clientId);
    if (!consumer || !sameSecret(c.req.query('client_secret'), consumer.clientSecret)) {
      return idMeError(c, 401, 'invalid_client', 'client_id and client_secret must name a consumer of this account.');
    }
    return c.json(SANDBOX_POLICIES.map((p) => ({ ...p, groups: p.groups.map((g) => ({ ...g, subgroups: [...g.subgroups] })) })));
  });
}
