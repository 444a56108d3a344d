// The BFF's memory while 20 uploads of 10 MB stream through it at once to the Onfido emulator
// (each in its own process): images pass through, so the BFF's resident memory should grow by
// far less than the 200 MB in flight. Read from /proc (Linux), sampled every 10 ms.
import { privacyConsentBody } from './consent.js';
import { readFileSync } from 'node:fs';
import { json, startTarget } from './processes.js';

const UPLOADS = 20;
/** Just under Onfido's 10 MB live-photo limit. */
const IMAGE_BYTES = Number(process.env.BENCH_UPLOAD_BYTES ?? 10 * 1024 * 1024 - 1024);
const CHUNK = 64 * 1024;

export interface UploadReport {
  uploads: number;
  bytesEach: number;
  baselineRssMb: number;
  peakRssMb: number;
  seconds: number;
  failed: number;
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** A JPEG-looking body of `size` bytes, produced chunk by chunk as it is sent (never held whole here either). */
function imageStream(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const chunk = new Uint8Array(Math.min(CHUNK, size - sent)).fill(0x5a);
      if (sent === 0) chunk.set([0xff, 0xd8, 0xff, 0xe0]);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

export async function measureUploads(): Promise<UploadReport> {
  const onfido = await startTarget('onfido-emulator');
  const bff = await startTarget('bff-uploads', onfido.info.url!);
  try {
    const base = bff.info.url!;
    const pid = Number(bff.info.pid);
    const attempts = await Promise.all(
      Array.from({ length: UPLOADS }, async () => {
        const s = await json(`${base}/v1/sessions`, { method: 'POST', auth: bff.info.apiKey, body: JSON.stringify({ requirements: { layer: 'identity', min_assurance: 'high' } }) });
        await json(`${base}/v1/identity/consents`, { method: 'POST', auth: s.client_secret, body: privacyConsentBody('identity') });
        await json(`${base}/v1/identity/residence`, { method: 'POST', auth: s.client_secret, body: JSON.stringify({ country: 'SE' }) });
        const started = await json(`${base}/v1/identity/verify/initiate`, {
          method: 'POST',
          auth: s.client_secret,
          body: JSON.stringify({ provider_key: 'onfido', requested_claims: ['verified_identity'] }),
        });
        return { secret: s.client_secret as string, ref: started.session_ref as string };
      }),
    );
    const baseline = rssMb(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 10);
    const began = performance.now();
    const results = await Promise.all(
      attempts.map(async ({ secret, ref }) => {
        const query = new URLSearchParams({ provider_key: 'onfido', session_ref: ref, side: 'selfie' });
        const response = await fetch(`${base}/v1/identity/verify/uploads?${query}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'image/jpeg', 'content-length': String(IMAGE_BYTES) },
          body: imageStream(IMAGE_BYTES),
          duplex: 'half',
        } as RequestInit);
        await response.arrayBuffer();
        return response.status;
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(pid));
    return { uploads: UPLOADS, bytesEach: IMAGE_BYTES, baselineRssMb: baseline, peakRssMb: peak, seconds, failed: results.filter((s) => s !== 201).length };
  } finally {
    for (const target of [bff, onfido]) target.child.kill('SIGTERM');
  }
}

export function printUploads(r: UploadReport): void {
  const inFlight = (r.uploads * r.bytesEach) / 1024 / 1024;
  console.log(`\nUploads through the BFF: ${r.uploads} × ${(r.bytesEach / 1024 / 1024).toFixed(1)} MB at once (${inFlight.toFixed(0)} MB in flight), to the Onfido emulator`);
  console.log(`     BFF resident memory ${r.baselineRssMb.toFixed(0)} MB before, ${r.peakRssMb.toFixed(0)} MB at the peak: +${(r.peakRssMb - r.baselineRssMb).toFixed(0)} MB`);
  console.log(`     all streamed in ${r.seconds.toFixed(1)} s${r.failed ? `; WARNING: ${r.failed} uploads failed` : ''}`);
}

if (import.meta.url === `file://${process.argv[1]}`) printUploads(await measureUploads());
