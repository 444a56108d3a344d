// SDK tokens as Onfido mints them for its Web SDK: a JWT whose payload names the applicant
// (`payload.app`), the allowed referrer (`payload.ref`), the expiry and, in `urls`, the hosts the
// SDK talks to. Here every url is this emulator, so the real SDK loader and the emulated UI send
// all their traffic to it. Real tokens are ES512; the SDK never checks the signature, so the
// emulator signs HS256 with its own secret and is the only party that verifies. The referrer
// pattern is enforced on every SDK-facing call against the page's Referer header (referrerAllowed).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** How long a token lives: Onfido's SDK tokens expire after 90 minutes. */
export const SDK_TOKEN_TTL_SECONDS = 90 * 60;

export const SDK_URL_KEYS = [
  'onfido_api_url',
  'detect_document_url',
  'sync_url',
  'hosted_sdk_url',
  'auth_url',
  'telephony_url',
  'cross_device_url',
] as const;
export type SdkUrls = Record<(typeof SDK_URL_KEYS)[number], string>;

export interface SdkTokenClaims {
  exp: number;
  payload: { app: string; client_uuid: string; is_sandbox: boolean; is_trial: boolean; ref: string; sardine_session: string };
  uuid: string;
  enterprise_features: Record<string, boolean>;
  urls: SdkUrls;
}

export interface MintInput {
  applicantId: string;
  /** The referrer pattern the token is bound to (default: any page, as Onfido's default). */
  referrer?: string;
  /** Emulator origin every url points at, e.g. http://127.0.0.1:4010. */
  origin: string;
  crossDeviceUrl?: string;
  nowSeconds: number;
}

/** Onfido's default `ref`, and the value that lets any page (or none) use the token. */
export const ANY_REFERRER = '*://*/*';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * JSON whose base64url has no `-` or `_`. Older SDK decoders replace only the first of each, so
 * those characters would corrupt the payload. In 7-bit JSON only `>`, `?`, `~` and DEL can end a
 * 3-byte group with sextet 62/63 (the others cannot reach it), and non-ASCII bytes can anywhere;
 * escaping exactly those as JSON unicode escapes (valid JSON, same value, safe characters) removes every case.
 */
export function sdkSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[>?~\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function mintSdkToken(input: MintInput, secret: Buffer): { token: string; claims: SdkTokenClaims } {
  const all = Object.fromEntries(SDK_URL_KEYS.map((k) => [k, input.origin])) as SdkUrls;
  if (input.crossDeviceUrl) all.cross_device_url = input.crossDeviceUrl;
  const claims: SdkTokenClaims = {
    exp: input.nowSeconds + SDK_TOKEN_TTL_SECONDS,
    payload: {
      app: input.applicantId,
      client_uuid: randomUUID(),
      is_sandbox: true,
      is_trial: false,
      ref: input.referrer ?? ANY_REFERRER,
      sardine_session: randomUUID(),
    },
    uuid: randomUUID().replace(/-/g, '').slice(0, 11),
    enterprise_features: {},
    urls: all,
  };
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(sdkSafeJson(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return { token: `${header}.${body}.${signature}`, claims };
}

export type VerifyResult = { ok: true; claims: SdkTokenClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a token this emulator minted: signature first (constant time), then expiry. */
export function verifySdkToken(token: string, secret: Buffer, nowSeconds: number): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'invalid' };
  const [header, body, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let claims: SdkTokenClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SdkTokenClaims;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof claims.exp !== 'number' || typeof claims.payload?.app !== 'string' || typeof claims.payload.ref !== 'string') return { ok: false, reason: 'invalid' };
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `part` with each `*` standing for `star` (a regex) and every other character literal. */
const glob = (part: string, star: string) => part.split('*').map(escapeRegExp).join(star);

// The referrer pattern as a regex over a whole Referer value. The spec calls `referrer` "the
// referrer URL pattern" [S]; Onfido's docs and sample app write it as a URL with `*` wildcards
// (`https://*.example.com/*`, `*://*/*` for any page). How it matches is [U]. Here a `*` in the
// scheme or host:port stays inside that part (so `https://*.example.com/*` does not admit
// `https://evil.test/.example.com/`) and one in the path spans anything, query included; the rest
// is literal and case-sensitive. So a host pattern without the port does not admit a page on
// another port, as an Onfido user reported for `*://*.mydomain.com/*` on `:3005`
// (onfido/onfido-node#76), and `http://host:3000` without the trailing `/` admits nothing, as
// Onfido's reply in that thread suggests.
export function referrerPattern(pattern: string): RegExp {
  const sep = pattern.indexOf('://');
  if (sep < 0) return new RegExp(`^${glob(pattern, '.*')}$`);
  const rest = pattern.slice(sep + 3);
  const slash = rest.indexOf('/');
  const [authority, path] = slash < 0 ? [rest, ''] : [rest.slice(0, slash), rest.slice(slash)];
  return new RegExp(`^${glob(pattern.slice(0, sep), '[^:/]*')}://${glob(authority, '[^/]*')}${glob(path, '.*')}$`);
}

// Whether a request whose Referer is `referer` may use a token bound to `pattern`. Browsers send
// a cross-origin Referer as the origin alone (`http://127.0.0.1:3000/`, the default
// strict-origin-when-cross-origin policy), which `http://127.0.0.1:3000/*` admits. Without a
// Referer (a no-referrer policy, a server-side client) only the default `*://*/*` admits [U].
export function referrerAllowed(pattern: string, referer: string | undefined): boolean {
  if (pattern === ANY_REFERRER) return true;
  if (!referer) return false;
  return referrerPattern(pattern).test(referer);
}
