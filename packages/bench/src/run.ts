// `npm run bench`: the BFF's throughput and p99 latency on GET /v1/identity/providers and
// POST /v1/identity/verify/token (Turnstile emulator), beside a bare Hono app answering the
// same routes on the same machine, with the ratio; the BFF on PostgreSQL with one and two
// replicas behind a round-robin balancer, with the scaling factor (replicas.ts); the widget
// core's gzip size; in Chromium, photo compression against browser-image-compression
// (compression.ts); the first usable screen from the CDN build at 1x and 4x CPU (first-screen.ts);
// and the BFF's memory while 20 uploads of 10 MB stream through it at once (uploads.ts).
import { startTarget } from './processes.js';
import { load, readySessions, row, tokenRequests, CONNECTIONS, DURATION_SECONDS, TOKEN_REQUESTS } from './load.js';
import { measureReplicas, printReplicas } from './replicas.js';
import { measureUploads, printUploads } from './uploads.js';
import { measureWidgetCore } from './widget-size.js';
import { measureCompression, printCompression } from './compression.js';
import { measureFirstScreen, printFirstScreen } from './first-screen.js';

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

  const sessions = await readySessions(base, apiKey, TOKEN_REQUESTS);
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

printReplicas(await measureReplicas());

const size = await measureWidgetCore();
console.log(`\nWidget core: ${(size.gzipBytes / 1024).toFixed(1)} KB gzip (${size.files.join(', ')}; goal ≤ 20 KB, provider drivers excluded)`);

printFirstScreen(await measureFirstScreen());

printCompression(await measureCompression());

printUploads(await measureUploads());
