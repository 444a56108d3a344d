// POST /turnstile/v0/siteverify as Cloudflare answers it. Bodies: form-urlencoded, JSON or
// multipart. Verdicts (pass, invalid or spent token, missing response) are HTTP 200; a missing or
// unknown secret is HTTP 400, as observed against the real endpoint (third-party measurements
// quoted in the package README); the body is always JSON either way.
import type { Context } from 'hono';
import type { EmulatorClock } from '../shared/clock.js';
import { dummySecretVerdict, type TurnstileWidget } from './keys.js';
import { MAX_TOKEN_LENGTH, type TokenStore } from './tokens.js';

export const SITEVERIFY_PATH = '/turnstile/v0/siteverify';

export type SiteverifyErrorCode =
  | 'missing-input-secret'
  | 'invalid-input-secret'
  | 'missing-input-response'
  | 'invalid-input-response'
  | 'bad-request'
  | 'timeout-or-duplicate'
  | 'internal-error';

export interface SiteverifyParams {
  secret?: string;
  response?: string;
  remoteip?: string;
  idempotency_key?: string;
}

export interface SiteverifyAnswer {
  status: 200 | 400 | 405;
  body: Record<string, unknown>;
}

const FIELDS = ['secret', 'response', 'remoteip', 'idempotency_key'] as const;

/** Reads the four fields from any accepted encoding; null means "malformed" (bad-request). */
export async function readSiteverifyParams(request: Request): Promise<SiteverifyParams | null> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  let source: Record<string, unknown>;
  try {
    if (type.includes('json')) {
      const parsed: unknown = JSON.parse(await request.text());
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
      source = parsed as Record<string, unknown>;
    } else if (type.startsWith('multipart/form-data')) {
      source = Object.fromEntries(await request.formData());
    } else if (type.startsWith('application/x-www-form-urlencoded') || type === '') {
      source = Object.fromEntries(new URLSearchParams(await request.text()));
    } else {
      return null;
    }
  } catch {
    return null;
  }
  const params: SiteverifyParams = {};
  for (const field of FIELDS) {
    const value = source[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return null; // a number, object or uploaded file
    params[field] = value;
  }
  return params;
}

const failure = (code: SiteverifyErrorCode, extra: Record<string, unknown> = {}) => ({
  success: false,
  'error-codes': [code],
  messages: [],
  ...extra,
});

const TESTING = { metadata: { result_with_testing_key: true } };

export interface SiteverifyDeps {
  widgets: readonly TurnstileWidget[];
  tokens: TokenStore;
  clock: EmulatorClock;
}

/** The verdict for one call, without HTTP: what Cloudflare would answer to these fields. */
export function judgeSiteverify(params: SiteverifyParams | null, deps: SiteverifyDeps): SiteverifyAnswer {
  if (!params) return { status: 400, body: failure('bad-request') };
  const { secret, response, idempotency_key: idempotencyKey } = params;
  if (!secret) return { status: 400, body: failure('missing-input-secret') };
  const dummy = dummySecretVerdict(secret);
  const widget = deps.widgets.find((w) => w.secret === secret);
  if (!dummy && !widget) return { status: 400, body: failure('invalid-input-secret') };
  if (!response) return { status: 200, body: failure('missing-input-response') };

  // Dummy secrets answer from the secret alone and accept any token (Cloudflare's testing page).
  if (dummy === 'pass') {
    return {
      status: 200,
      body: {
        success: true,
        'error-codes': [],
        challenge_ts: new Date(deps.clock.now()).toISOString(),
        hostname: 'example.com',
        ...TESTING,
      },
    };
  }
  if (dummy === 'fail') return { status: 200, body: failure('invalid-input-response', TESTING) };
  if (dummy === 'spent') return { status: 200, body: failure('timeout-or-duplicate', TESTING) };
  if (!widget) return { status: 400, body: failure('invalid-input-secret') }; // unreachable; narrows the type

  if (response.length > MAX_TOKEN_LENGTH) return { status: 200, body: failure('invalid-input-response') };
  if (idempotencyKey) {
    const replayed = deps.tokens.replay(widget.sitekey, idempotencyKey, response);
    if (replayed) return replayed as SiteverifyAnswer;
  }
  const answer = judgeToken(widget, response, deps);
  if (idempotencyKey) deps.tokens.remember(widget.sitekey, idempotencyKey, response, answer.status, answer.body);
  return answer;
}

function judgeToken(widget: TurnstileWidget, response: string, deps: SiteverifyDeps): SiteverifyAnswer {
  const issued = deps.tokens.get(response);
  // Unknown strings, the dummy token and tokens from another sitekey are all just invalid here.
  if (!issued || issued.sitekey !== widget.sitekey) return { status: 200, body: failure('invalid-input-response') };
  if (issued.spent || issued.outcome === 'expired' || deps.tokens.isExpired(issued)) {
    issued.spent = true;
    return { status: 200, body: failure('timeout-or-duplicate') };
  }
  issued.spent = true;
  if (issued.outcome === 'reject') return { status: 200, body: failure('invalid-input-response') };
  return {
    status: 200,
    body: {
      success: true,
      'error-codes': [],
      challenge_ts: new Date(issued.issuedAt).toISOString(),
      hostname: issued.hostname,
      action: issued.action,
      cdata: issued.cdata,
      metadata: { interactive: issued.interactive },
    },
  };
}

export function siteverifyHandler(deps: SiteverifyDeps) {
  return async function siteverify(c: Context): Promise<Response> {
    if (c.req.method !== 'POST') {
      c.header('Allow', 'POST');
      return c.json(failure('bad-request'), 405);
    }
    const answer = judgeSiteverify(await readSiteverifyParams(c.req.raw), deps);
    return c.json(answer.body, answer.status);
  };
}
