// The widget core's size as a product team pays for it: the entry file plus every chunk it
// imports statically, gzip -9. Chunks behind import() (provider drivers, locales) load only
// when used, so they are left out.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '../../../widget/dist');
// `import x from "./a.js"`, `import "./a.js"`, `export {x} from "./a.js"`: not `import("./a.js")`.
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;

export function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(STATIC_IMPORT)) visit(join(dirname(file), match[1]!));
  };
  visit(entry);
  return [...seen];
}

export async function measureWidgetCore(entry = join(DIST, 'identity-verify.js')) {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first.`);
  const files = staticClosure(entry);
  const gzipBytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  return { gzipBytes, files: files.map((f) => relative(DIST, f)) };
}
