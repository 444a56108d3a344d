// The built bundles a product team ships (widget/dist, demo/dist) hold no server secret.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

for (const bundle of ['widget/dist', 'demo/dist']) {
  test(`${bundle} contains neither the API key nor a Turnstile secret`, ({ stack }) => {
    const files = filesUnder(join(ROOT, bundle));
    expect(files.some((file) => file.endsWith('.js')), `${bundle} has scripts: is it built?`).toBe(true);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const where = file.slice(ROOT.length);
      for (const [name, secret] of Object.entries(stack.serverSecrets)) expect(text.includes(secret), `${name} in ${where}`).toBe(false);
      // Any key of the API's shape, and Cloudflare's documented test secrets.
      expect(text, where).not.toMatch(/sk_(test|live)_[0-9A-Za-z]{24,}/);
      expect(text, where).not.toMatch(/[123]x0{31}AA/);
    }
  });
}
