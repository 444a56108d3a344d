// Prints the gzip size the React wrapper adds to an app: dist/index.js with @lit/react bundled
// and minified, as an app's bundler would take them; React and the widget, which the app loads
// anyway, are left out. Run after `npm run build -w @identity-verify/react`: `npm run size -w @identity-verify/react`.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const result = (await build({
  configFile: false,
  logLevel: 'silent',
  build: {
    write: false,
    minify: true,
    target: 'es2022',
    lib: { entry, formats: ['es'], fileName: 'index' },
    rolldownOptions: { external: [/^react($|\/)/, /^@identity-verify\//] },
  },
})) as Rolldown.RolldownOutput[];
const code = result[0]!.output[0].code;
console.log(`@identity-verify/react with @lit/react: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzip`);
