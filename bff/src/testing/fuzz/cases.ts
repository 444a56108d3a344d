// The fuzz run's requests: one arbitrary per operation of /openapi.json, a well-formed request
// (from the operation's schemas and hints) and, in a share of them, one mutation of it: the
// wrong type, a missing or extra field, a huge or odd string, null, deep nesting, the wrong
// content type, malformed JSON, an empty body, bad credentials, a bad id. A case is plain data
// and symbols (SYM.*) that the runner resolves against live state, so the same seed makes the
// same requests.
import fc from 'fast-check';
import { arbitraryOf, type Hints, type JsonSchema } from './schema-arbitrary.js';

/** Strings the runner replaces with live values: a symbol is a private-use character and a name. */
export const SYM = {
  /** The session_ref of the slot's attempt at the body's (or query's) provider, else any of its own. */
  ref: '\uE000ref',
  /** A session_ref of another session. */
  otherRef: '\uE000ref:other',
  /** A Turnstile token minted for the slot's Turnstile attempt. */
  turnstile: '\uE000turnstile',
  /** The accepted privacy notice exactly as shown (the whole consent body). */
  consent: '\uE000consent',
} as const;

export interface Operation {
  method: string;
  /** OpenAPI path: /v1/sessions/{id} */
  path: string;
  auth: 'apiKey' | 'clientSecret' | 'none';
  pathParams: string[];
  query: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  body?: JsonSchema;
  /** The provider whose signed webhook this is, if it is one. */
  webhookOf?: string;
  upload: boolean;
}

export type AuthChoice = 'valid' | 'none' | 'garbage' | 'wrong_kind' | 'other_tenant' | 'scheme' | 'huge' | 'stale' | 'latin1';
export type IdChoice = 'own' | 'other_tenant' | 'random' | 'huge' | 'unicode' | 'traversal' | 'encoded' | 'stale';
export type Signing = 'signed' | 'unsigned' | 'bad' | 'stale_timestamp';

export type Mutation =
  | { kind: 'none' }
  | { kind: 'drop'; pick: number }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'retype'; pick: number; value: unknown }
  | { kind: 'whole'; value: unknown }
  | { kind: 'raw'; text: string }
  | { kind: 'content_type'; contentType: string | null }
  | { kind: 'empty' }
  | { kind: 'proto' }
  | { kind: 'duplicate_key'; pick: number };

export type QueryMutation =
  | { kind: 'none' }
  | { kind: 'extra'; name: string; value: string }
  | { kind: 'retype'; pick: number; value: string }
  | { kind: 'repeat'; pick: number }
  | { kind: 'raw'; text: string };

export interface FuzzCase {
  op: number;
  method: string;
  auth: AuthChoice;
  slot: number;
  id: IdChoice;
  query: Record<string, unknown>;
  queryMutation: QueryMutation;
  body: unknown;
  mutation: Mutation;
  /** For the upload route: the image's bytes are made at run time from these. */
  upload?: { size: number; magic: 'jpeg' | 'png' | 'none'; contentType: string | null; announce: 'exact' | 'none' | 'short' };
  signing: Signing;
  origin: 'allowed' | 'none' | 'evil';
  forwardedFor: string | null;
}

export const COUNTRIES = ['SE', 'US', 'GB', 'DE', 'NO', 'FR', 'CA', 'IN', 'BR', 'JP', 'ZZ', 'se', 'USA', 'XK'];

const weird = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -0, 3.5, '', ' ', '\u0000', '\ud800', '\udfff\ud800', '\u202eevil', '💥'.repeat(50), 'é'.normalize('NFD'), '<script>alert(1)</script>', "'; DROP TABLE sessions; --", '../../etc/passwd', '%00', '{}', '[]', 'null', 'NaN', 'Infinity'),
  fc.constantFrom(10, 1_000, 10_000, 70_000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(10, 200, 3_000).map((depth) => deep(depth)),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.constant('a'), { minLength: 0, maxLength: 2_000 }),
  fc.integer(),
  fc.double(),
);

/** Nested arrays and objects, `depth` levels. */
function deep(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

const MALFORMED = [
  '{',
  '{"a": ',
  '{"a":1,}',
  '{a:1}',
  "{'a':1}",
  '[1,2',
  '"unterminated',
  'nul',
  'NaN',
  '{"a":1}{"b":2}',
  '{"a":1} trailing',
  '\ufeff{"a":1}',
  '{"a":"\\x00"}',
  '{"a":"\\ud800"}',
  '{"__proto__":null}',
  '\u0000',
  '[' .repeat(20_000) + ']'.repeat(20_000),
  '{"a":' .repeat(2_000) + '1' + '}'.repeat(2_000),
  '1e999999',
  '-',
];

const CONTENT_TYPES = [null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/jsonp', 'application/merge-patch+json', 'application/JSON', ' application/json', 'application/json;', '*/*', 'image/jpeg', 'x'.repeat(2_000)];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 10, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('extra' as const), key: fc.oneof(fc.constantFrom('id', 'status', 'tenant', 'session_id', 'admin', 'constructor', 'toString'), fc.string({ minLength: 1, maxLength: 20 })), value: weird }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('retype' as const), pick: fc.nat(), value: weird }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: weird }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('raw' as const), text: fc.oneof(fc.constantFrom(...MALFORMED), fc.string({ maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 100 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('content_type' as const), contentType: fc.constantFrom(...CONTENT_TYPES) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'empty' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'proto' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate_key' as const), pick: fc.nat() }) },
);

const queryMutationArb: fc.Arbitrary<QueryMutation> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra' as const), name: fc.oneof(fc.constantFrom('surprise', '__proto__', 'constructor', 'include[]'), fc.string({ minLength: 1, maxLength: 10 })), value: fc.string({ maxLength: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retype' as const), pick: fc.nat(), value: fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('', 'x'.repeat(5_000), '\u0000', 'null', '[]')) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), text: fc.constantFrom('%', '%E0%A4%A', '%ZZ', 'a=%00', '&&&', '=', 'a[b]=1', 'include=images&include=images', '%F0%9F%92%A5=%F0%9F%92%A5', '?x=1#y') }) },
);

const authArb = (op: Operation): fc.Arbitrary<AuthChoice> =>
  op.auth === 'none'
    ? fc.constantFrom<AuthChoice>('valid', 'valid', 'valid', 'garbage')
    : fc.oneof(
        { weight: 16, arbitrary: fc.constant<AuthChoice>('valid') },
        { weight: 1, arbitrary: fc.constantFrom<AuthChoice>('none', 'garbage', 'wrong_kind', 'other_tenant', 'scheme', 'huge', 'stale', 'latin1') },
      );

const idArb: fc.Arbitrary<IdChoice> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<IdChoice>('own') },
  { weight: 2, arbitrary: fc.constantFrom<IdChoice>('other_tenant', 'random', 'huge', 'unicode', 'traversal', 'encoded', 'stale') },
);

/** Realistic values by property name, so that requests get past validation into the code behind it. */
export const HINTS: Hints = {
  country: fc.constantFrom(...COUNTRIES),
  session_ref: fc.oneof({ weight: 6, arbitrary: fc.constant(SYM.ref) }, { weight: 1, arbitrary: fc.constantFrom(SYM.otherRef, 'ref_unknown', 'intent_x') }),
  token: fc.oneof({ weight: 4, arbitrary: fc.constant(SYM.turnstile) }, { weight: 1, arbitrary: fc.constantFrom('XXXX.DUMMY.TOKEN.XXXX', 'garbage') }),
  locale: fc.constantFrom('en', 'sv', 'en-US', 'de', 'xx', 'en-Latn-US'),
  return_url: fc.constantFrom('http://127.0.0.1:3000/done', 'https://evil.example/x', 'javascript:alert(1)', 'http://127.0.0.1:3000/%0d%0aSet-Cookie:x=1'),
  requested_claims: fc.constantFrom(['verified_identity'], ['verified_human'], ['verified_human', 'verified_identity']),
  include: fc.constantFrom('verified_outputs', 'sensitive_outputs', 'images', 'verified_outputs,images'),
  allowed_countries: fc.constantFrom([], ['SE'], ['US', 'SE'], ['ZZ']),
  accepted_providers: fc.constantFrom([], ['stripe_identity'], ['onfido', 'signicat_onfido'], ['turnstile']),
};

/** A webhook body as the provider would send one, naming one of our attempts (or not). */
const webhookBody = (provider: string): fc.Arbitrary<unknown> => {
  const id = fc.string({ unit: fc.constantFrom(...'abcdef0123456789'), minLength: 8, maxLength: 24 });
  const ref = fc.oneof({ weight: 4, arbitrary: fc.constant(SYM.ref) }, { weight: 1, arbitrary: fc.constantFrom(SYM.otherRef, 'vs_unknown', '../applicants', 'a/b?c=d#e', '%2e%2e') });
  if (provider === 'stripe_identity') {
    return fc.record({
      id: id.map((s) => `evt_${s}`),
      object: fc.constant('event'),
      type: fc.constantFrom('identity.verification_session.verified', 'identity.verification_session.requires_input', 'identity.verification_session.processing', 'identity.verification_session.canceled', 'identity.verification_session.redacted', 'customer.created'),
      api_version: fc.constant('2025-03-31.basil'),
      created: fc.constant(1_700_000_000),
      livemode: fc.constant(false),
      data: fc.record({ object: fc.record({ id: ref, object: fc.constantFrom('identity.verification_session', 'customer'), status: fc.constantFrom('verified', 'requires_input', 'processing') }) }),
    });
  }
  if (provider === 'onfido') {
    return fc.record({
      payload: fc.record({
        resource_type: fc.constantFrom('check', 'report', 'workflow_run', 'applicant', 'unknown'),
        action: fc.constantFrom('check.completed', 'report.completed', 'workflow_run.completed', 'check.started'),
        object: fc.record({ id: fc.oneof(ref, id), status: fc.constantFrom('complete', 'in_progress'), href: fc.constant('https://api.onfido.com/v3.6/checks/x') }),
      }),
    });
  }
  return fc.record({
    id: id,
    eventName: fc.constantFrom('process.completed', 'process.created', 'dossier.deleted'),
    eventData: fc.record({ processId: ref, dossierId: id }, { requiredKeys: [] }),
  });
};

export function caseArbitrary(ops: readonly Operation[], slots: number): fc.Arbitrary<FuzzCase> {
  const perOp = ops.map((op, index) => {
    const queryArb = op.query.length
      ? arbitraryOf({ type: 'object', properties: Object.fromEntries(op.query.map((q) => [q.name, q.schema])), required: op.query.filter((q) => q.required).map((q) => q.name) }, HINTS)
      : fc.constant({});
    const bodyArb: fc.Arbitrary<unknown> = op.webhookOf
      ? fc.oneof({ weight: 5, arbitrary: webhookBody(op.webhookOf) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) })
      : op.body
        ? // The consent route mostly gets the notice as the widget shows it: otherwise it is refused before anything else runs.
          op.path.endsWith('/consents') && op.method === 'post'
          ? fc.oneof({ weight: 2, arbitrary: fc.constant(SYM.consent) }, { weight: 1, arbitrary: arbitraryOf(op.body, HINTS) })
          : arbitraryOf(op.body, HINTS)
        : fc.constant(undefined);
    const noBody = op.method === 'get' || (!op.body && !op.webhookOf);
    return fc.record<FuzzCase>({
      op: fc.constant(index),
      method: fc.oneof({ weight: 30, arbitrary: fc.constant(op.method.toUpperCase()) }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'GET', 'POST') }),
      auth: authArb(op),
      slot: fc.nat(slots - 1),
      id: idArb,
      query: queryArb as fc.Arbitrary<Record<string, unknown>>,
      queryMutation: op.query.length ? queryMutationArb : fc.oneof({ weight: 12, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 1, arbitrary: queryMutationArb }),
      body: bodyArb,
      mutation: noBody ? fc.oneof({ weight: 12, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 1, arbitrary: mutationArb }) : mutationArb,
      ...(op.upload
        ? {
            upload: fc.record({
              size: fc.oneof(
                { weight: 4, arbitrary: fc.constantFrom(0, 1, 4, 2_000, 33_000, 40 * 1024) },
                { weight: 4, arbitrary: fc.integer({ min: 0, max: 60_000 }) },
                // Over a provider's maximum (3 MB for documents, 10 MB for selfies): rare, they cost.
                { weight: 1, arbitrary: fc.constantFrom(3_100_000, 11_000_000) },
              ),
              magic: fc.constantFrom('jpeg', 'jpeg', 'png', 'none'),
              contentType: fc.constantFrom('image/jpeg', 'image/jpeg', 'image/png', null, 'application/json', 'image/gif'),
              announce: fc.constantFrom('exact', 'exact', 'exact', 'none', 'short'),
            }),
          }
        : {}),
      signing: fc.constantFrom<Signing>('signed', 'signed', 'signed', 'unsigned', 'bad', 'stale_timestamp'),
      origin: fc.constantFrom('allowed', 'allowed', 'allowed', 'allowed', 'none', 'evil'),
      forwardedFor: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('203.0.113.9', '203.0.113.9, 10.0.0.1', 'garbage', '::1', '1.1.1.1, '.repeat(500), '') }),
    });
  });
  return fc.oneof(...perOp);
}

/** The body as sent: its text (or none) and its content type, after the case's mutation. */
export function applyMutation(body: unknown, mutation: Mutation): { text: string | undefined; contentType: string | null } {
  const json = 'application/json';
  const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const keys = object ? Object.keys(object) : [];
  const pickKey = (n: number) => keys[n % Math.max(1, keys.length)];
  switch (mutation.kind) {
    case 'none':
      return { text: body === undefined ? undefined : JSON.stringify(body), contentType: body === undefined ? null : json };
    case 'drop': {
      if (!object || !keys.length) return { text: JSON.stringify(body ?? {}), contentType: json };
      const { [pickKey(mutation.pick)!]: _dropped, ...rest } = object;
      return { text: JSON.stringify(rest), contentType: json };
    }
    case 'extra':
      return { text: JSON.stringify({ ...(object ?? {}), [mutation.key]: mutation.value }), contentType: json };
    case 'retype': {
      if (!object || !keys.length) return { text: JSON.stringify(mutation.value), contentType: json };
      return { text: JSON.stringify({ ...object, [pickKey(mutation.pick)!]: mutation.value }), contentType: json };
    }
    case 'whole':
      return { text: JSON.stringify(mutation.value), contentType: json };
    case 'raw':
      return { text: mutation.text, contentType: json };
    case 'content_type':
      return { text: JSON.stringify(body ?? {}), contentType: mutation.contentType };
    case 'empty':
      return { text: '', contentType: json };
    case 'proto': {
      const inner = JSON.stringify(body ?? {}).replace(/^\{/, '');
      return { text: `{"__proto__":{"admin":true,"tenant":"rival"},"constructor":{"prototype":{"polluted":1}}${inner === '}' ? '}' : `,${inner}`}`, contentType: json };
    }
    case 'duplicate_key': {
      const key = pickKey(mutation.pick) ?? 'a';
      const text = JSON.stringify(body ?? {});
      return { text: text.length > 2 ? text.replace(/\}$/, `,${JSON.stringify(key)}:{"dup":[1,2]}}`) : `{${JSON.stringify(key)}:1}`, contentType: json };
    }
  }
}

/** The query string as sent, after the case's mutation. */
export function queryString(query: Record<string, unknown>, mutation: QueryMutation): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.append(name, String(value));
  const names = [...params.keys()];
  const pick = (n: number) => names[n % Math.max(1, names.length)];
  switch (mutation.kind) {
    case 'none':
      break;
    case 'extra':
      params.append(mutation.name, mutation.value);
      break;
    case 'retype':
      params.set(pick(mutation.pick) ?? 'x', mutation.value);
      break;
    case 'repeat': {
      const name = pick(mutation.pick);
      if (name) params.append(name, params.get(name)!);
      break;
    }
    case 'raw': {
      const base = params.toString();
      return `?${base ? `${base}&` : ''}${mutation.text}`;
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
