// The widget as Vite builds it for production, for the browser tests that load its chunks the way
// a page does. Built once per source: each test file (a worker of its own) asks, the first builds
// into a directory named by a hash of the sources, and the others, now and in later runs, reuse it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const WIDGET = fileURLToPath(new URL('../../', import.meta.url));

export interface BuiltWidget {
  outDir: string;
  /** Vite's manifest: each source's chunk file (`manifest['src/drivers/bankid_se/ui.ts'].file`). */
  manifest: Record<string, { file: string }>;
}

/** Every file the build reads from the widget (its sources and config), tests left out. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/\.test\.ts$/.test(name)) hash.update(relative(WIDGET, path)).update(readFileSync(path));
    }
  };
  walk(join(WIDGET, 'src'));
  for (const file of ['vite.config.ts', 'package.json']) hash.update(readFileSync(join(WIDGET, file)));
  return hash.digest('hex').slice(0, 16);
}

export async function builtWidget(): Promise<BuiltWidget> {
  const outDir = join(tmpdir(), `identity-verify-widget-${sourcesHash()}`);
  const manifestOf = () => JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as BuiltWidget['manifest'];
  if (existsSync(join(outDir, '.vite/manifest.json'))) return { outDir, manifest: manifestOf() };
  // Built aside and moved into place whole: a file that builds at the same moment finds either
  // nothing (and builds too) or a complete build, never half of one.
  const building = `${outDir}.${process.pid}.${Date.now()}`;
  mkdirSync(building, { recursive: true });
  // Vitest runs with NODE_ENV=test, which would pick Lit's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(WIDGET, 'vite.config.ts'), logLevel: 'silent', build: { outDir: building, emptyOutDir: true, sourcemap: false } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  try {
    renameSync(building, outDir);
  } catch {
    // Another file's build got there first: the same sources, so the same build.
    rmSync(building, { recursive: true, force: true });
  }
  return { outDir, manifest: manifestOf() };
}
