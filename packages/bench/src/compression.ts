// Photo compression in real Chromium: the widget's compress() (worker + OffscreenCanvas) against
// browser-image-compression on the same 12-megapixel JPEG, to ≤ 1 MB with a long edge of
// 1600–2000 px; median time, bytes and size of each. Our page runs under a strict CSP (workers
// from 'self' only), so the run also shows the worker loads there; browser-image-compression's
// page must allow blob: workers. Nothing leaves 127.0.0.1: other hosts are aborted and counted.
// Alone: npx tsx packages/bench/src/compression.ts
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import type { Budget, Run } from './compression-page.js';

const ITERATIONS = Number(process.env.BENCH_COMPRESS_RUNS ?? 5);
const BUDGET: Budget = { maxBytes: 1_000_000, minLongEdge: 1600, maxLongEdge: 2000 };
const HEIC_SAMPLE = fileURLToPath(new URL('../../../widget/src/capture/fixtures/sample.heic', import.meta.url));
const require = createRequire(import.meta.url);
const BIC_UMD = require.resolve('browser-image-compression/dist/browser-image-compression.js');
const BIC_VERSION: string = require('browser-image-compression/package.json').version;

const STRICT_CSP = "default-src 'self'; script-src 'self'; worker-src 'self'; img-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'";
// browser-image-compression starts its worker from a blob: URL, which a strict policy refuses
// (it then silently compresses on the main thread); its page allows blob: workers.
const BIC_CSP = STRICT_CSP.replace("worker-src 'self'", "worker-src 'self' blob:");
// A host page that forbids workers altogether: compress() must fall back to the main thread.
const NO_WORKER_CSP = STRICT_CSP.replace("worker-src 'self'", "worker-src 'none'");
const PAGES: Record<string, string> = { '/': STRICT_CSP, '/bic.html': BIC_CSP, '/no-workers.html': NO_WORKER_CSP };

/** Bundles the page like the widget: ES modules, the worker as a same-origin file beside its chunk. */
async function bundlePage(outDir: string) {
  await build({
    configFile: false,
    logLevel: 'warn',
    base: './',
    publicDir: false,
    worker: { format: 'es', rolldownOptions: { output: { entryFileNames: 'chunks/[name]-[hash].js' } } },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      lib: { entry: fileURLToPath(new URL('./compression-page.ts', import.meta.url)), formats: ['es'], fileName: () => 'page.js' },
      rolldownOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
    },
  });
  const html = '<!doctype html><meta charset="utf-8"><title>compression bench</title><script type="module" src="./page.js"></script>';
  await writeFile(join(outDir, 'index.html'), html);
}

function serve(dir: string): Promise<{ server: Server; origin: string }> {
  let input: Buffer | null = null;
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.jpg': 'image/jpeg', '.heic': 'image/heic' };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: Buffer | string, type = 'text/plain', csp = STRICT_CSP) => {
      res.writeHead(status, { 'content-type': type, 'content-security-policy': csp, 'cache-control': 'no-store' });
      res.end(body);
    };
    try {
      if (url.pathname === '/input.jpg' && req.method === 'PUT') {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        input = Buffer.concat(chunks);
        return send(204, '');
      }
      if (url.pathname === '/input.jpg') return input ? send(200, input, 'image/jpeg') : send(404, 'no input yet');
      if (url.pathname === '/sample.heic') return send(200, await readFile(HEIC_SAMPLE), types['.heic']);
      if (url.pathname === '/bic/browser-image-compression.js') return send(200, await readFile(BIC_UMD), types['.js']);
      const csp = PAGES[url.pathname];
      if (csp) return send(200, await readFile(join(dir, 'index.html')), types['.html'], csp);
      const file = join(dir, url.pathname.replace(/\.\.+/g, ''));
      return send(200, await readFile(file), types[extname(file)] ?? 'application/octet-stream');
    } catch {
      return send(404, 'not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface CompressionRow {
  name: string;
  medianMs: number;
  runs: Run[];
  /** Worker scripts the page started, and whether any failed to load. */
  workers: Array<{ url: string; failed: boolean }>;
}

export interface CompressionReport {
  inputBytes: number;
  inputSha256: string;
  rows: CompressionRow[];
  rotated: Record<string, string>;
  heic: string;
  /** compress() on a page whose CSP refuses every worker. */
  noWorkers: CompressionRow;
  cspViolations: string[];
  offHostRequests: string[];
}

export async function measureCompression(): Promise<CompressionReport> {
  const dir = await mkdtemp(join(tmpdir(), 'idv-compression-bench-'));
  const { server, origin } = await (async () => {
    await bundlePage(dir);
    return serve(dir);
  })();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const offHostRequests: string[] = [];
  const cspViolations: string[] = [];
  try {
    const context = await browser.newContext();
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin)) return route.continue();
      offHostRequests.push(url);
      return route.abort();
    });
    // Counts the workers each page starts and notes the ones that fail to load (e.g. refused by the CSP).
    await context.addInitScript(() => {
      const records: Array<{ url: string; failed: boolean }> = [];
      const Native = window.Worker;
      window.Worker = class extends Native {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          const record = { url: String(url), failed: false };
          records.push(record);
          this.addEventListener('error', () => void (record.failed = true));
        }
      };
      (window as unknown as { benchWorkers: typeof records }).benchWorkers = records;
    });
    const open = async (path: string) => {
      const page = await context.newPage();
      page.on('console', (message) => {
        // The refusal on /no-workers.html is the point of that page; anywhere else it is a finding.
        if (/Content Security Policy/i.test(message.text()) && path !== '/no-workers.html') cspViolations.push(`${path}: ${message.text()}`);
      });
      await page.goto(origin + path);
      await page.waitForFunction(() => 'compressionBench' in window);
      return page;
    };

    const ours = await open('/');
    const inputBytes = await ours.evaluate(() => window.compressionBench.makeInput());
    const inputSha256 = createHash('sha256').update(Buffer.from(await (await fetch(`${origin}/input.jpg`)).arrayBuffer())).digest('hex');
    const rows: CompressionRow[] = [];
    const rotated: Record<string, string> = {};
    const measure = async (name: string, page: typeof ours, which: 'ours' | 'theirs', iterations = ITERATIONS): Promise<CompressionRow> => {
      const runs = await page.evaluate(([w, b, n]) => window.compressionBench.run(w, b, n), [which, BUDGET, iterations] as const);
      const workers = await page.evaluate(() => (window as unknown as { benchWorkers: Array<{ url: string; failed: boolean }> }).benchWorkers);
      return { name, medianMs: median(runs.map((x) => x.ms)), runs, workers: workers.map((w) => ({ ...w, url: w.url.replace(origin, '') })) };
    };
    const orientation = async (name: string, page: typeof ours, which: 'ours' | 'theirs') => {
      const r = await page.evaluate(([w, b]) => window.compressionBench.rotated(w, b), [which, BUDGET] as const);
      rotated[name] = `${r.width}×${r.height}${r.height > r.width ? ' (portrait: orientation applied)' : ' (landscape: orientation ignored)'}`;
    };
    const oursName = 'compress() (widget/src/capture)';
    rows.push(await measure(oursName, ours, 'ours'));
    await orientation(oursName, ours, 'ours');
    const heic = await ours.evaluate((b) => window.compressionBench.heic(b), BUDGET);
    const theirs = await open('/bic.html');
    const theirsName = `browser-image-compression ${BIC_VERSION}`;
    rows.push(await measure(theirsName, theirs, 'theirs'));
    await orientation(theirsName, theirs, 'theirs');
    const noWorkers = await measure(oursName, await open('/no-workers.html'), 'ours', 1);
    return { inputBytes, inputSha256, rows, rotated, heic, noWorkers, cspViolations, offHostRequests };
  } finally {
    await browser.close();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export function printCompression(report: CompressionReport): void {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  console.log(
    `\nPhoto compression in Chromium: 4000×3000 JPEG (q 0.95, ${mb(report.inputBytes)}, sha256 ${report.inputSha256.slice(0, 12)}) → ` +
      `≤ ${mb(BUDGET.maxBytes)}, long edge ${BUDGET.minLongEdge}–${BUDGET.maxLongEdge}, median of ${ITERATIONS} runs after a warm-up`,
  );
  for (const row of report.rows) {
    const last = row.runs.at(-1)!;
    const sizes = new Set(row.runs.map((r) => `${r.bytes}/${r.width}×${r.height}`));
    const workers = row.workers.length === 0 ? 'main thread' : row.workers.every((w) => w.failed) ? 'worker refused, main thread' : 'worker';
    const ms = row.runs.map((r) => r.ms);
    console.log(
      `${row.name.padEnd(44)} ${row.medianMs.toFixed(0).padStart(8)} ms (${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)})` +
        `   ${String(last.bytes).padStart(9)} bytes   ${`${last.width}×${last.height}`.padEnd(9)}` +
        `   q ${last.quality === null ? ' ? ' : last.quality.toFixed(2)}   ${workers}, main thread stalled ≤ ${Math.max(...row.runs.map((r) => r.stallMs)).toFixed(0)} ms` +
        (sizes.size > 1 ? '   (output varied between runs)' : ''),
    );
  }
  const fallback = report.noWorkers;
  const same = fallback.runs[0]!.bytes === report.rows[0]!.runs[0]!.bytes;
  console.log(
    `     page CSP worker-src 'none': compress() ${fallback.workers.length && fallback.workers.every((w) => w.failed) ? 'saw its worker refused and' : 'did not start a worker and'} ` +
      `ran on the main thread in ${fallback.medianMs.toFixed(0)} ms (stalled ≤ ${fallback.runs[0]!.stallMs.toFixed(0)} ms), ${same ? 'same bytes as in the worker' : `${fallback.runs[0]!.bytes} bytes (differs from the worker's)`}`,
  );
  for (const [name, text] of Object.entries(report.rotated)) console.log(`     EXIF orientation 6, ${name}: ${text}`);
  console.log(`     HEIC in this Chromium: ${report.heic}`);
  const inRange = report.rows.map((row) => {
    const r = row.runs.at(-1)!;
    const long = Math.max(r.width, r.height);
    return `${row.name.split(' ')[0]} ${r.bytes <= BUDGET.maxBytes && long >= BUDGET.minLongEdge && long <= BUDGET.maxLongEdge ? 'meets' : 'MISSES'} the target`;
  });
  console.log(`     ${inRange.join('; ')}`);
  if (report.cspViolations.length) console.log(`     WARNING: CSP refusals on the strict pages: ${report.cspViolations.join(' | ')}`);
  if (report.offHostRequests.length) console.log(`     WARNING: requests to other hosts were made (aborted): ${report.offHostRequests.join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  printCompression(await measureCompression());
}
