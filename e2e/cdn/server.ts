// A host page as an integrator would serve the CDN build: widget/dist's scripts compressed
// (brotli, gzip for a client without it), and at / a plain HTML page with a fresh nonce per
// response, the Content-Security-Policy the BFF hands out for its providers (GET /v1/widget/csp,
// Trusted Types required), the entry script pinned with its integrity and every chunk pinned by
// an import map's "integrity" (dist/sri.json). Each page view is a new session, created with the
// API key as a host backend does. Used by e2e/specs/cdn.spec.ts and the first-screen benchmark.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const WIDGET_DIST = fileURLToPath(new URL('../../widget/dist/', import.meta.url));

export interface CdnHost {
  url: string;
  /** Points the page at a BFF (its sessions, its CSP list), once that BFF knows this host's origin. */
  useBff(bffUrl: string, apiKey: string): Promise<void>;
  /** Bytes of each script as served (brotli), by path. */
  servedBytes: ReadonlyMap<string, number>;
  /**
   * The next page's integrity for one file, replaced by this one: the way a test makes a CDN
   * serve what the page did not pin (the file itself is unchanged).
   */
  pinWrongly(file: string): void;
  close(): Promise<void>;
}

interface Asset {
  raw: Buffer;
  br: Buffer;
  gzip: Buffer;
}

/** Every .js file under dist/ (entry, chunks, worker), compressed once. */
function readScripts(dist: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath, entry.name);
    const raw = readFileSync(file);
    const path = `/${file.slice(dist.length).split('\\').join('/')}`;
    assets.set(path, {
      raw,
      br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      gzip: gzipSync(raw, { level: 9 }),
    });
  }
  return assets;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(nonce: string, sri: Record<string, string>, clientSecret: string, bffUrl: string): string {
  const { 'identity-verify.js': entryIntegrity, ...chunks } = sri;
  // Keys are URLs resolved against this page, which sits beside identity-verify.js.
  const importMap = { integrity: Object.fromEntries(Object.entries(chunks).map(([file, hash]) => [`/${file}`, hash])) };
  const n = escapeHtml(nonce);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Checkout</title>
<script type="importmap" nonce="${n}">${JSON.stringify(importMap)}</script>
<script type="module" src="/identity-verify.js" integrity="${escapeHtml(entryIntegrity ?? '')}" crossorigin="anonymous" nonce="${n}"></script>
</head>
<body>
<main>
<h1>Checkout</h1>
<section aria-label="The widget">
<identity-verify client-secret="${escapeHtml(clientSecret)}" api-base="${escapeHtml(bffUrl)}" nonce="${n}" locale="en" organization-name="Acme"></identity-verify>
</section>
</main>
</body>
</html>
`;
}

export async function startCdnHost({ dist = WIDGET_DIST, host = '127.0.0.1' } = {}): Promise<CdnHost> {
  const assets = readScripts(dist);
  const sri = JSON.parse(readFileSync(join(dist, 'sri.json'), 'utf8')) as Record<string, string>;
  const wrong = new Set<string>();
  let bff: { url: string; apiKey: string; policy: string } | null = null;

  async function newSession(): Promise<string> {
    const response = await fetch(`${bff!.url}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bff!.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reference: 'cdn-page', requirements: { layer: 'humanity', min_assurance: 'low' } }),
    });
    if (response.status !== 201) throw new Error(`POST /v1/sessions answered ${response.status}`);
    return ((await response.json()) as { client_secret: string }).client_secret;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    response.setHeader('x-content-type-options', 'nosniff');
    if (path === '/') {
      if (!bff) throw new Error('No BFF yet: call useBff first.');
      const nonce = randomBytes(16).toString('base64');
      const pinned = Object.fromEntries(Object.entries(sri).map(([file, hash]) => [file, wrong.has(file) ? `sha384-${randomBytes(48).toString('base64')}` : hash]));
      const html = page(nonce, pinned, await newSession(), bff.url);
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': bff.policy.replaceAll('{nonce}', nonce),
        'cache-control': 'no-store',
      });
      response.end(html);
      return;
    }
    const asset = assets.get(path);
    if (!asset || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const accepts = String(request.headers['accept-encoding'] ?? '');
    const [encoding, body] = /\bbr\b/.test(accepts) ? ['br', asset.br] : /\bgzip\b/.test(accepts) ? ['gzip', asset.gzip] : [null, asset.raw];
    response.writeHead(200, {
      'content-type': 'text/javascript; charset=utf-8',
      // The page loads its entry with crossorigin (SRI), and same-origin chunks either way.
      'access-control-allow-origin': '*',
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'accept-encoding',
      ...(encoding ? { 'content-encoding': encoding } : {}),
    });
    response.end(body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    async useBff(url, apiKey) {
      const answer = await fetch(`${url}/v1/widget/csp`, { headers: { authorization: `Bearer ${apiKey}` } });
      if (!answer.ok) throw new Error(`GET /v1/widget/csp answered ${answer.status}`);
      bff = { url, apiKey, policy: ((await answer.json()) as { header: string }).header };
    },
    servedBytes: new Map([...assets].map(([path, asset]) => [path, asset.br.length])),
    pinWrongly: (file) => void wrong.add(file),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
