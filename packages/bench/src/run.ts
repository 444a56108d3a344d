// `npm run bench`: the BFF's throughput and p99 latency on GET /v1/identity/providers and
// POST /v1/identity/verify/token (Turnstile emulator), beside a bare Hono app answering the
// same routes on the same machine, with the ratio; the widget core's gzip size; and, in
// Chromium, photo compression against browser-image-compression (compression.ts); and the BFF's
// memory while 20 uploads of 10 MB stream through it at once (uploads.ts).
import { privacyConsentBody } from './consent.js';
import autocannon from 'autocannon';
import { json, startTarget } from './processes.js';
import { measureUploads, printUploads } from './uploads.js';
import { measureWidgetCore } from './widget-size.js';
import { measureCompression, printCompression } from './compression.js';
import { TURNSTILE_DUMMY_TOKEN as DUMMY_TOKEN } from '@identity-verify/emulators';

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 32;

interface Measured {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(options: autocannon.Options): Promise<Measured> {
  const r = await autocannon({ connections: CONNECTIONS, ...options });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** Sessions with consent, country and a pending Turnstile attempt: one per token request. */
async function readySessions(base: string, apiKey: string, count: number) {
  const ready: { secret: string; ref: string }[] = [];
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

function tokenRequests(base: string, sessions: { secret: string; ref: string }[]): autocannon.Options {
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

const row = (name: string, m: Measured) =>
  `${name.padEnd(44)} ${m.rps.toFixed(0).padStart(8)} req/s   p99 ${String(m.p99).padStart(4)} ms   errors ${m.errors + m.non2xx}`;

const emulator = await startTarget('emulator');
const bff = await startTarget('bff', emulator.info.url!);
const bare = await startTarget('bare');
try {
  const base = bff.info.url!;
  const apiKey = bff.info.apiKey!;
  const [reader] = await readySessions(base, apiKey, 1);
  const auth = { authorization: `Bearer ${reader!.secret}` };

  await load({ url: `${base}/v1/identity/providers`, headers: auth, duration: 2 }); // warm-up (JIT, caches)
  const providersBff = await load({ url: `${base}/v1/identity/providers?country=SE`, headers: auth, duration: DURATION_SECONDS });
  const providersBare = await load({ url: `${bare.info.url}/v1/identity/providers?country=SE`, headers: auth, duration: DURATION_SECONDS });

  const tokenCount = Number(process.env.BENCH_TOKENS ?? 3000);
  const sessions = await readySessions(base, apiKey, tokenCount);
  const tokenBff = await load(tokenRequests(base, sessions));
  const tokenBare = await load(tokenRequests(bare.info.url!, sessions));

  console.log(`\nBFF vs bare Hono, ${CONNECTIONS} connections, loopback, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'} store`);
  console.log(row('GET  /v1/identity/providers   BFF', providersBff));
  console.log(row('GET  /v1/identity/providers   bare Hono', providersBare));
  console.log(`     ratio ${(providersBff.rps / providersBare.rps * 100).toFixed(0)} % of bare Hono (goal ≥ 30 %)`);
  console.log(row('POST /v1/identity/verify/token BFF', tokenBff));
  console.log(row('POST /v1/identity/verify/token bare Hono', tokenBare));
  console.log(`     ratio ${(tokenBff.rps / tokenBare.rps * 100).toFixed(0)} % of bare Hono (goal ≥ 30 %; the BFF also calls siteverify and writes the outcome)`);
  if (providersBff.errors + providersBff.non2xx + tokenBff.errors + tokenBff.non2xx > 0) {
    console.log('     WARNING: the BFF answered some requests with errors; the figures above are not clean.');
  }
} finally {
  for (const target of [bff, bare, emulator]) target.child.kill('SIGTERM');
}

const size = await measureWidgetCore();
console.log(`\nWidget core: ${(size.gzipBytes / 1024).toFixed(1)} KB gzip (${size.files.join(', ')}; goal ≤ 20 KB, provider drivers excluded)`);

printCompression(await measureCompression());

printUploads(await measureUploads());
