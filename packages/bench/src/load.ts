// The load the throughput benchmarks put on a BFF (run.ts, replicas.ts): autocannon runs, the
// Turnstile sessions a token run consumes (prepared beforehand, one per request), and the token
// requests themselves.
import autocannon from 'autocannon';
import { TURNSTILE_DUMMY_TOKEN as DUMMY_TOKEN } from '@identity-verify/emulators';
import { privacyConsentBody } from './consent.js';
import { json } from './processes.js';

export const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
export const TOKEN_REQUESTS = Number(process.env.BENCH_TOKENS ?? 3000);
export const CONNECTIONS = 32;

export interface Measured {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(options: autocannon.Options): Promise<Measured> {
  const r = await autocannon({ connections: CONNECTIONS, ...options });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

export interface ReadySession {
  secret: string;
  ref: string;
}

/** Sessions with consent, country and a pending Turnstile attempt: one per token request. */
export async function readySessions(base: string, apiKey: string, count: number): Promise<ReadySession[]> {
  const ready: ReadySession[] = [];
  const one = async () => {
    const s = await json(`${base}/v1/sessions`, { method: 'POST', auth: apiKey, body: '{}' });
    await json(`${base}/v1/identity/consents`, {
      method: 'POST',
      auth: s.client_secret,
      body: privacyConsentBody('humanity'),
    });
    await json(`${base}/v1/identity/residence`, { method: 'POST', auth: s.client_secret, body: JSON.stringify({ country: 'SE' }) });
    const attempt = await json(`${base}/v1/identity/verify/initiate`, {
      method: 'POST',
      auth: s.client_secret,
      body: JSON.stringify({ provider_key: 'turnstile', requested_claims: ['verified_human'] }),
    });
    ready.push({ secret: s.client_secret, ref: attempt.session_ref });
  };
  for (let i = 0; i < count; i += 16) await Promise.all(Array.from({ length: Math.min(16, count - i) }, one));
  return ready;
}

/** One POST /v1/identity/verify/token per session, each session's secret and attempt in turn. */
export function tokenRequests(base: string, sessions: ReadySession[]): autocannon.Options {
  let next = 0;
  return {
    url: `${base}/v1/identity/verify/token`,
    amount: sessions.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const s = sessions[next++ % sessions.length]!;
          return {
            ...req,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${s.secret}` },
            body: JSON.stringify({ provider_key: 'turnstile', session_ref: s.ref, token: DUMMY_TOKEN }),
          };
        },
      },
    ],
  };
}

export const row = (name: string, m: Measured) =>
  `${name.padEnd(44)} ${m.rps.toFixed(0).padStart(8)} req/s   p99 ${String(m.p99).padStart(4)} ms   errors ${m.errors + m.non2xx}`;
