// Cloudflare Turnstile: an inline human check. The widget renders it with our sitekey and an
// action and cdata bound to the attempt; we verify the token with siteverify and check that it
// was issued for this attempt, this action and one of our host pages.
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import type { TurnstileConfig } from './module.js';
import { ProviderError } from '../../errors.js';
import { parseProviderJson, refusedByProvider, safeProviderCode, sendToProvider } from '../http.js';
import type { AdapterDeps, Outcome, ProviderAdapter } from '../types.js';

/** Turnstile's own limit: ≤ 32 characters of [A-Za-z0-9_-]. */
export const TURNSTILE_ACTION = 'identity_verify';
const TOKEN_LIFETIME_MS = 300_000;

/** Cloudflare's documented test secrets: fine locally, never in production. */
export const TURNSTILE_TEST_SECRET = /^[123]x0{31}AA$/;

const SiteverifyResponse = z.object({
  success: z.boolean(),
  'error-codes': z.array(z.string()).default([]),
  challenge_ts: z.string().optional(),
  hostname: z.string().optional(),
  action: z.string().optional(),
  cdata: z.string().optional(),
});

export function createTurnstileAdapter(config: TurnstileConfig, deps: AdapterDeps): ProviderAdapter {
  // Cloudflare's test secrets accept any token and answer without our action and cdata, so
  // binding cannot be checked with them; config refuses them in production.
  const testSecret = TURNSTILE_TEST_SECRET.test(config.secret.reveal());
  if (testSecret) deps.log({ level: 'warn', msg: 'Turnstile test secret in use: token binding is not checked' });

  const reject = (code: 'human_check_failed' | 'token_expired', httpError: 'token_invalid' | 'token_expired' | 'token_mismatch', reason: string): Outcome => ({
    status: 'requires_input',
    error: { code, reason },
    httpError,
  });

  return {
    key: 'turnstile',
    faceChecks: ['none'],
    description: {
      name: 'Cloudflare Turnstile',
      supported_layers: ['humanity'],
      claim_types: ['verified_human'],
      assurance_level: 'low',
      coverage: 'global',
      flow: 'inline_token',
    },

    async initiate({ attemptId }) {
      return {
        // The attempt id doubles as cdata: siteverify echoes it, proving the token is ours.
        sessionRef: attemptId,
        client: {
          provider_key: 'turnstile',
          flow: 'inline_token',
          script_url: config.scriptUrl,
          sitekey: config.sitekey,
          action: TURNSTILE_ACTION,
          cdata: attemptId,
        },
        // Re-sending the same idempotency_key makes a retried siteverify safe.
        privateData: { idempotency_key: randomUUID() },
        expiresAt: new Date(deps.clock.now().getTime() + 2 * TOKEN_LIFETIME_MS),
      };
    },

    async verifyToken({ attempt, remoteIp }, token) {
      const form = new URLSearchParams({
        secret: config.secret.reveal(),
        response: token,
        idempotency_key: attempt.private_data.idempotency_key ?? randomUUID(),
      });
      if (remoteIp) form.set('remoteip', remoteIp);
      const call = { provider: 'turnstile', operation: 'siteverify' };
      const response = await sendToProvider(deps.fetch, {
        ...call,
        url: config.siteverifyUrl,
        init: { method: 'POST', body: form, headers: { accept: 'application/json' } },
        timeoutMs: deps.timeoutMs,
        retryOnce: true,
      });
      if (!response.ok) throw await refusedByProvider(call, response, `siteverify answered ${response.status}.`);
      const result = await parseProviderJson(call, response, SiteverifyResponse);
      const codes = result['error-codes'];
      if (!result.success) {
        if (codes.includes('timeout-or-duplicate')) {
          return reject('token_expired', 'token_expired', 'The check expired or was already used.');
        }
        if (codes.includes('invalid-input-response') || codes.includes('missing-input-response')) {
          return reject('human_check_failed', 'token_invalid', 'The human check did not pass.');
        }
        // A bad secret or a malformed request is our fault, not the person's.
        throw new ProviderError('provider_error', 'turnstile', `siteverify refused our request (${codes.join(', ') || 'no code'}).`, {
          ...call,
          status: response.status,
          ...(codes.length ? { providerCode: safeProviderCode(...codes.slice(0, 4)) } : {}),
        });
      }
      if (!testSecret) {
        const hostOk = result.hostname !== undefined && deps.allowedHostnames.includes(result.hostname);
        if (result.action !== TURNSTILE_ACTION || result.cdata !== attempt.id || !hostOk) {
          return reject('human_check_failed', 'token_mismatch', 'The check was not completed for this verification.');
        }
      }
      return { status: 'verified', claims: ['verified_human'], assurance: 'low' };
    },
  };
}
