// The emulated Web SDK's network side: the SDK token read as the real SDK reads it, and the API
// calls it makes on the token's onfido_api_url with `Authorization: Bearer <token>`. Every failure
// becomes an SdkFailure with a stable `kind`, so the UI decides what the person sees without
// parsing messages. Plain browser ES module (also importable by Node tests: fetch is injectable).

export const SDK_VERSION = '14.0.0-emulated';
const TIMEOUT_MS = 30000;

/** kind: 'invalid_token' | 'expired_token' | 'bad_referrer' | 'auth' | 'validation' | 'not_found' | 'network' | 'server' | 'aborted' */
export class SdkFailure extends Error {
  constructor(kind, message, status) {
    super(message);
    this.name = 'SdkFailure';
    this.kind = kind;
    this.status = status;
  }
}

/**
 * The real SDK's decoding (onfido-sdk-ui's loader: `JSON.parse(atob(token.split('.')[1]))`): the
 * signature is not checked in the browser, the API checks it. Throws SdkFailure('invalid_token').
 */
export function readToken(token) {
  let claims;
  try {
    claims = JSON.parse(atob(String(token).split('.')[1]));
  } catch {
    throw new SdkFailure('invalid_token', 'The token is invalid.');
  }
  const apiUrl = claims && claims.urls && claims.urls.onfido_api_url;
  const applicantId = claims && claims.payload && claims.payload.app;
  if (typeof apiUrl !== 'string' || typeof applicantId !== 'string') throw new SdkFailure('invalid_token', 'The token is invalid.');
  return { apiUrl: apiUrl.replace(/\/+$/, ''), applicantId, exp: typeof claims.exp === 'number' ? claims.exp : null };
}

/** True once `exp` (seconds) has passed on this browser's clock. */
export const isExpired = (claims, nowMs = Date.now()) => claims.exp !== null && claims.exp * 1000 <= nowMs;

/** Onfido's 422 `fields` as one sentence: "file must be between 32KB and 10MB". Field messages carry no personal data. */
function describeFields(fields) {
  const parts = Object.entries(fields || {}).map(([name, messages]) => `${name} ${[].concat(messages).join(', ')}`);
  return parts.length ? parts.join('; ') : 'the upload was refused';
}

function withTimeout(signal) {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  return signal && AbortSignal.any ? AbortSignal.any([signal, timeout]) : timeout;
}

/** The calls the UI makes; `signal` aborts them all (tearDown), `fetchImpl` is for tests. */
export function createApi({ token, apiUrl, signal, fetchImpl = (input, init) => fetch(input, init) }) {
  async function call(method, path, body) {
    let res;
    try {
      res = await fetchImpl(`${apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'x-onfido-sdk-platform': 'web', 'x-onfido-sdk-version': SDK_VERSION },
        body,
        signal: withTimeout(signal),
        credentials: 'omit',
      });
    } catch (error) {
      if (signal && signal.aborted) throw new SdkFailure('aborted', 'Stopped.');
      throw new SdkFailure('network', error && error.name === 'TimeoutError' ? 'The request timed out.' : 'The network request failed.');
    }
    let json = null;
    try {
      json = await res.json();
    } catch {
      json = null;
    }
    if (res.ok) return json;
    const error = (json && json.error) || {};
    if (res.status === 401 && error.type === 'expired_token') throw new SdkFailure('expired_token', 'The token has expired, please request a new one', 401);
    // The token's referrer pattern does not admit this page (or the page sends no Referer).
    if (error.type === 'bad_referrer') throw new SdkFailure('bad_referrer', 'This page is not allowed to use the SDK token: its address does not match the referrer the token was generated for.', res.status);
    if (res.status === 401 || res.status === 403) throw new SdkFailure('auth', 'The SDK token was refused.', res.status);
    if (res.status === 404) throw new SdkFailure('not_found', 'Not found.', 404);
    if (res.status === 422) throw new SdkFailure('validation', describeFields(error.fields), 422);
    throw new SdkFailure('server', `The service answered ${res.status}.`, res.status);
  }

  const form = (entries) => {
    const data = new FormData();
    for (const [name, value, fileName] of entries) {
      if (fileName) data.append(name, value, fileName);
      else data.append(name, value);
    }
    return data;
  };

  return {
    /** POST /v3.3/documents: the path and fields the real SDK sends. */
    uploadDocument: (blob, fileName, type, side) => call('POST', '/v3.3/documents', form([['file', blob, fileName], ['type', type], ['side', side]])),
    /** standard → /v3/live_photos, video → /v3/live_videos, motion → /v4/binary_media (emulator's choice, [U]). */
    uploadFace(variant, blob, fileName) {
      const path = variant === 'video' ? '/v3/live_videos' : variant === 'motion' ? '/v4/binary_media' : '/v3/live_photos';
      return call('POST', path, form([['file', blob, fileName]]));
    },
    getWorkflowRun: (id) => call('GET', `/v4/workflow_runs/${encodeURIComponent(id)}`),
    completeWorkflowRun: (id) => call('POST', `/v4/workflow_runs/${encodeURIComponent(id)}/complete`),
  };
}
