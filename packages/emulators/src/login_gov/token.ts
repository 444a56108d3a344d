// Login.gov's checks of a token request, after identity-idp's OpenidConnectTokenForm: the client
// is found from the code (the body carries no client_id), PKCE is checked when the code has a
// challenge, the client assertion is verified as ruby-jwt and the form do (RS256 against the
// registered key; iss = sub = client_id; exp; aud must contain the token URL, the issuer is not
// enough; iat at most 10 s ahead), and every failure becomes one space-joined message, answered
// as HTTP 400 {"error": "…"}.
import { createHash, verify, type KeyObject } from 'node:crypto';
import type { StoredEntry } from '../shared/oidc/index.js';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ISSUED_AT_LEEWAY_SECONDS = 10;
const DOCS = 'Please see our documentation at https://developers.login.gov/oidc/#token';

export interface TokenRequestInput {
  form: Record<string, string>;
  /** The code as the store has it, expired or used ones included; undefined when unknown. */
  code: StoredEntry | undefined;
  /** The registered public key of a client, by client_id. */
  clientKey(clientId: string): KeyObject | undefined;
  /** https://<host>/api/openid_connect/token, as the emulator's own URL gives it. */
  tokenUrl: string;
  /** Emulator-clock seconds. */
  now: number;
}

export type TokenCheck = { ok: true; clientId: string; redirectUri: string } | { ok: false; error: string };

const b64urlSha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

export function checkTokenRequest({ form, code, clientKey, tokenUrl, now }: TokenRequestInput): TokenCheck {
  const messages: string[] = [];
  const field = (name: string) => form[name] ?? '';
  // A used code no longer names a sign-in at Login.gov (the form clears it), so it is unknown.
  const identity = code && !code.consumed ? code.payload : undefined;
  const clientId = identity?.clientId;
  const pkce = field('code_verifier') !== '' || Boolean(identity?.codeChallenge);
  const privateKeyJwt = field('client_assertion') !== '' || field('client_assertion_type') !== '';

  if (field('grant_type') !== 'authorization_code') messages.push('Grant type is not included in the list');
  if (privateKeyJwt && field('client_assertion_type') !== CLIENT_ASSERTION_TYPE) messages.push('Client assertion type is not included in the list');
  if (identity && code?.expired) messages.push('Code is expired');
  if (!identity) messages.push(`Code is invalid because doesn’t match any user. ${DOCS}`);
  // This sandbox client is registered for private_key_jwt: PKCE alone does not authenticate it.
  if (!privateKeyJwt) messages.push('Code Client must authenticate via PKCE or private_key_jwt, missing either code_challenge or client_assertion');
  if (pkce && b64urlSha256(field('code_verifier')) !== (identity?.codeChallenge ?? '')) {
    messages.push('Code verifier code_verifier did not match code_challenge');
  }
  if (privateKeyJwt && identity && clientId) {
    const key = clientKey(clientId);
    const problems = key ? assertionProblems(field('client_assertion'), key, clientId, tokenUrl, now) : ['Could not validate assertion against any registered public keys'];
    messages.push(...problems.map((problem) => `Client assertion ${problem}`));
  }

  if (messages.length > 0 || !clientId || !identity?.redirectUri) return { ok: false, error: messages.join(' ') };
  return { ok: true, clientId, redirectUri: identity.redirectUri };
}

/**
 * What is wrong with a client assertion, in the words of ruby-jwt (its first failure only) and
 * then of the token form (audience and iat, both reported).
 */
function assertionProblems(jwt: string, key: KeyObject, clientId: string, tokenUrl: string, now: number): string[] {
  const decoded = decodeProblem(jwt, key, clientId, now);
  if (typeof decoded === 'string') return [decoded];
  const payload = decoded;
  const problems: string[] = [];
  const audiences = [payload.aud].flat().map((aud) => String(aud).replace(/\/$/, ''));
  if (!audiences.includes(tokenUrl)) problems.push(`Invalid audience claim, expected ${tokenUrl}`);
  if ('iat' in payload && !(typeof payload.iat === 'number' && Math.trunc(payload.iat) - ISSUED_AT_LEEWAY_SECONDS < now)) {
    problems.push('iat must be an integer or floating point Unix timestamp representing a time in the past');
  }
  return problems;
}

/** ruby-jwt's JWT.decode with the form's options: the payload, or its error message. */
function decodeProblem(jwt: string, key: KeyObject, clientId: string, now: number): Record<string, unknown> | string {
  const parts = jwt.split('.');
  if (parts.length !== 3) return 'Not enough or too many segments';
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'Invalid segment encoding';
  }
  if (!header || !payload || typeof payload !== 'object') return 'Invalid segment encoding';
  if (header.alg !== 'RS256') return 'Expected a different algorithm';
  const signed = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'));
  if (!signed) return 'Signature verification failed';
  if (payload.exp !== undefined && !(Number(payload.exp) > now)) return 'Signature has expired';
  if (payload.iss !== clientId) return `Invalid issuer. Expected ${JSON.stringify([clientId])}, received ${String(payload.iss ?? '<none>')}`;
  if (payload.nbf !== undefined && Number(payload.nbf) > now) return 'Signature nbf has not been reached';
  if (payload.sub !== clientId) return `Invalid subject. Expected ${clientId}, received ${String(payload.sub ?? '<none>')}`;
  return payload;
}
