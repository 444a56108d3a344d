// SDK tokens as Onfido mints them for its Web SDK: a JWT whose payload names the applicant
// (`payload.app`), the allowed referrer (`payload.ref`), the expiry and, in `urls`, the hosts the
// SDK talks to. Here every url is this emulator, so the real SDK loader and the emulated UI send
// all their traffic to it. Real tokens are ES512; the SDK never checks the signature, so the
// emulator signs HS256 with its own secret and is the only party that verifies.
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
      ref: input.referrer ?? '*://*/*',
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
  if (typeof claims.exp !== 'number' || typeof claims.payload?.app !== 'string') return { ok: false, reason: 'invalid' };
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
