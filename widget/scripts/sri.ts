// The CDN build's Subresource Integrity list: after Vite writes dist/, dist/sri.json maps every
// script file (the entry, each lazy chunk, the compression worker) to its sha384 hash, read from
// the bytes on disk, so a host can pin exactly what it serves. How a page uses it (the entry's
// integrity attribute, an import map's "integrity" for the chunks): widget/docs/cdn-and-csp.md.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

export const SRI_FILE = 'sri.json';

/** `sha384-…` of some bytes, as an integrity attribute or an import map takes it. */
export function integrityOf(bytes: Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** Writes dist/sri.json (file path relative to dist/ -> integrity), sorted, entry first. */
export function subresourceIntegrity(): Plugin {
  let outDir = 'dist';
  return {
    name: 'identity-verify:sri',
    apply: 'build',
    configResolved(config) {
      // resolve, not join: a build into an absolute folder (the tests' builds) stays there.
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      const scripts = Object.keys(bundle)
        .filter((file) => file.endsWith('.js'))
        .sort((a, b) => Number(a.includes('/')) - Number(b.includes('/')) || a.localeCompare(b));
      // Hashed from the files written, not from the bundle in memory: what the host serves.
      const list = Object.fromEntries(scripts.map((file) => [file, integrityOf(readFileSync(join(outDir, file)))]));
      writeFileSync(join(outDir, SRI_FILE), `${JSON.stringify(list, null, 2)}\n`);
    },
  };
}
