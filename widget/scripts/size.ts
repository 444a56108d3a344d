// Prints the widget core's gzip size: the entry plus every chunk it imports statically, read
// from the Vite manifest. Chunks behind import() (drivers, other locales) are listed apart and
// not counted. Exits 1 when the core is over budget. Run after `npm run build -w @identity-verify/widget`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_BYTES = 20_000;
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const MANIFEST = join(DIST, '.vite/manifest.json');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

if (!existsSync(MANIFEST)) {
  console.error(`${MANIFEST} is missing: build the widget first (npm run build -w @identity-verify/widget).`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, ManifestChunk>;
const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
if (!entryKey) throw new Error('The manifest has no entry chunk.');

const core = new Set<string>();
const visit = (key: string) => {
  if (core.has(key)) return;
  core.add(key);
  for (const imported of manifest[key]!.imports ?? []) visit(imported);
};
visit(entryKey);

const gzip = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;

let total = 0;
console.log('core (loaded by <script type="module" src="identity-verify.js">):');
for (const key of core) {
  const bytes = gzip(manifest[key]!.file);
  total += bytes;
  console.log(`  ${manifest[key]!.file.padEnd(36)} ${kb(bytes).padStart(10)} gzip`);
}
console.log('lazy chunks (not counted):');
for (const [key, chunk] of Object.entries(manifest)) {
  if (!core.has(key)) console.log(`  ${chunk.file.padEnd(36)} ${kb(gzip(chunk.file)).padStart(10)} gzip  (${key})`);
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(`core gzip size: ${total} bytes (${kb(total)}), ${verdict} the ${kb(BUDGET_BYTES)} budget`);
if (total > BUDGET_BYTES) process.exitCode = 1;
