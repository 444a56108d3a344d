// The packages as a stranger gets them: `npm pack` the contract, the widget and the React wrapper,
// install the tarballs into a new Vite + React app (e2e/react-app's page, its own package.json,
// tsconfig and vite.config), typecheck and build it, import every package in plain Node (SSR), then
// run e2e/specs/react.spec.ts against that build: a Turnstile pass under StrictMode on the local stack.
//
//   npm run build && npm run pack-smoke -w @identity-verify/react      (about two minutes; see README)
//
// The widget's browser bundle (widget/dist) is packed as `npm run build` left it, so this script never
// rewrites files a running e2e suite serves. react, vite and typescript come from the npm cache
// (--prefer-offline) or the registry. Pass --keep to keep the temporary folder, --react=18 for React 18.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const keep = process.argv.includes('--keep');
/** `--react=18` installs React 18 into the new app instead of 19 (the peer range is 18 || 19). */
const reactMajor = process.argv.find((arg) => arg.startsWith('--react='))?.slice('--react='.length) ?? '19';
if (reactMajor !== '18' && reactMajor !== '19') throw new Error(`--react=${reactMajor}: 18 or 19.`);
const started = Date.now();

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`[${seconds} s] ${cwd === ROOT ? '' : `(in ${cwd}) `}${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
}

if (!existsSync(join(ROOT, 'widget/dist/identity-verify.js'))) {
  throw new Error('widget/dist/identity-verify.js is missing: run `npm run build` first.');
}

/** Run in the new app with plain Node: every package imports without a DOM, and the component renders to HTML. */
const NODE_CHECK = `
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
const widget = await import('@identity-verify/widget');
const react = await import('@identity-verify/react');
const events = await import('@identity-verify/contract/events');
if (typeof document !== 'undefined' || typeof window !== 'undefined') throw new Error('a DOM appeared');
if (customElements.get('identity-verify') !== widget.IdentityVerifyElement) throw new Error('the element is not registered');
if (!events.WIDGET_EVENT_NAMES.includes('identity-verify-complete')) throw new Error('the contract has no events');
const html = renderToString(createElement(react.IdentityVerify, { clientSecret: 'ivs_example_secret', apiBase: 'https://idv.example' }));
if (!html.startsWith('<identity-verify client-secret="ivs_example_secret" api-base="https://idv.example"')) throw new Error('SSR rendered ' + html);
console.log('Node: the packages import without a DOM; SSR renders ' + html);
`;

/**
 * The packed browser bundle loads its chunks (and the capture's worker) by relative URLs only, each
 * to a file the tarball holds, so the folder works from wherever it is served (a CDN path, /static/…).
 */
function checkChunksResolve(dist: string): void {
  const files = [join(dist, 'identity-verify.js'), ...readdirSync(join(dist, 'chunks')).map((file) => join(dist, 'chunks', file))];
  const reference = /(?:import\(|from|new URL\()\s*(["'`])([^"'`]+\.js)\1/g;
  let count = 0;
  for (const file of files) {
    for (const [, , target] of readFileSync(file, 'utf8').matchAll(reference)) {
      const local = target!.startsWith('./') || target!.startsWith('../') ? target! : `./${target}`;
      if (/^(\/|[a-z]+:)/i.test(target!)) throw new Error(`${relative(dist, file)} loads ${target}, not a relative URL.`);
      if (!existsSync(join(dirname(file), local))) throw new Error(`${relative(dist, file)} loads ${target}, which the package lacks.`);
      count += 1;
    }
  }
  if (count < 10) throw new Error(`Only ${count} chunk references found: the check no longer reads the bundle.`);
  console.log(`The packed widget's ${count} chunk references are relative and all resolve.`);
}

const work = mkdtempSync(join(tmpdir(), 'idv-pack-smoke-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
mkdirSync(tarballs);
mkdirSync(join(app, 'src'), { recursive: true });

try {
  // Package builds: the contract's dist/ (with its own manifest), the widget's lib/ and manifest, the wrapper.
  run('npm', ['run', 'build:package', '-w', '@identity-verify/widget'], ROOT);
  run('npm', ['run', 'build', '-w', '@identity-verify/react'], ROOT);
  run('npm', ['pack', './packages/contract/dist', '--silent', '--pack-destination', tarballs], ROOT);
  // The widget's prepack would run Vite over widget/dist: its bundle is packed as built.
  run('npm', ['pack', '-w', '@identity-verify/widget', '--ignore-scripts', '--silent', '--pack-destination', tarballs], ROOT);
  run('npm', ['pack', '-w', '@identity-verify/react', '--silent', '--pack-destination', tarballs], ROOT);
  const packed = readdirSync(tarballs).filter((file) => file.endsWith('.tgz'));
  if (packed.length !== 3) throw new Error(`Expected three tarballs, found: ${packed.join(', ')}`);

  // A new app: the e2e app's page, with nothing of the workspace but the tarballs.
  cpSync(join(ROOT, 'e2e/react-app/index.html'), join(app, 'index.html'));
  cpSync(join(ROOT, 'e2e/react-app/src/main.tsx'), join(app, 'src/main.tsx'));
  // Typed from the widget's own types: the tag in querySelector, each event's detail in addEventListener.
  writeFileSync(
    join(app, 'src/typed-events.ts'),
    `import type { IdentityVerifyElement } from '@identity-verify/widget';

export function onComplete(done: (status: string, sessionId: string) => void): void {
  const element: IdentityVerifyElement | null = document.querySelector('identity-verify');
  element?.addEventListener('identity-verify-complete', (event) => done(event.detail.status, event.detail.session_id));
  if (element) element.theme = 'dark';
}
`,
  );
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'idv-pack-smoke-app', private: true, type: 'module', scripts: { build: 'tsc --noEmit && vite build' } }, null, 2),
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          types: [],
          // The packages' published .d.ts are checked too, not only the app against them.
          skipLibCheck: false,
        },
        include: ['src'],
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(app, 'vite.config.ts'),
    // React's development build, as the e2e app's config explains: StrictMode is active only there.
    `import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [react()], mode: 'development', define: { 'process.env.NODE_ENV': '"development"' }, build: { target: 'es2022' } });
`,
  );
  const r = reactMajor;
  const versions = [`react@${r}`, `react-dom@${r}`, `@types/react@${r}`, `@types/react-dom@${r}`, 'vite@8', '@vitejs/plugin-react@6', 'typescript@5'];
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packed.map((file) => join(tarballs, file)), ...versions], app);
  checkChunksResolve(join(app, 'node_modules/@identity-verify/widget/dist'));
  run('npm', ['run', 'build'], app);

  run('node', ['--input-type=module', '-e', NODE_CHECK], app);

  // The e2e spec, against this build of the app (its global setup starts the local stack).
  run('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', 'e2e/specs/react.spec.ts', '--output', join(work, 'results')], ROOT, {
    IDV_REACT_APP_DIST: join(app, 'dist'),
  });
  console.log(`pack smoke passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
