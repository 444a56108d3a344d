// Writes dist/package.json, the manifest of the package that ships. The workspace's package.json
// points its exports at src/*.ts, which tsx, vitest, Vite and tsc read directly; a consumer needs
// the compiled files. npm has no per-publish exports (publishConfig carries registry settings only,
// unlike pnpm's), so the package is packed from dist/: `npm pack ./packages/contract/dist`.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const source = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as Record<string, unknown>;
if (!existsSync(`${root}dist/index.js`)) throw new Error('dist/index.js is missing: run tsc -p tsconfig.build.json first.');

const { private: _private, scripts: _scripts, exports: _exports, ...kept } = source;
const published = {
  ...kept,
  files: ['**/*.js', '**/*.d.ts', 'README.md'],
  exports: {
    '.': { types: './index.d.ts', default: './index.js' },
    './*': { types: './*.d.ts', default: './*.js' },
    './package.json': './package.json',
  },
};
writeFileSync(`${root}dist/package.json`, `${JSON.stringify(published, null, 2)}\n`);
if (existsSync(`${root}README.md`)) copyFileSync(`${root}README.md`, `${root}dist/README.md`);
console.log('dist/package.json written: pack it with `npm pack ./packages/contract/dist`.');
