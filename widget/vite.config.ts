// Builds the widget as an ES library: dist/identity-verify.js (Lit bundled in) plus chunks that
// load on demand (provider drivers, non-English messages). No eval, no inline styles or scripts.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { subresourceIntegrity } from './scripts/sri.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Our stylesheets are Lit `css` literals, which the minifier keeps verbatim: this drops their
 * comments and indentation, bytes the core budget (scripts/size.ts) would otherwise pay for notes
 * meant for readers of the source. Line breaks after a brace, semicolon or comma go too, and are
 * put back after the literal, so the code after it keeps its line numbers in the source maps.
 * (A css literal holds no backtick: its only interpolations are `${name}`.)
 */
function compactCssLiterals(): Plugin {
  return {
    name: 'identity-verify:compact-css-literals',
    transform(code, id) {
      if (!id.endsWith('.ts') || !code.includes('css`')) return null;
      const compacted = code.replace(/\bcss`[^`]*`/g, (literal) => {
        const tight = literal
          .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
          .replace(/\n[ \t]+/g, '\n')
          .replace(/([{};,])\n+/g, '$1')
          .replace(/\n+([}])/g, '$1')
          // What else CSS does not need, outside quoted strings.
          .split(/('[^']*'|"[^"]*")/)
          .map((part, i) => (i % 2 ? part : tightenCss(part)))
          .join('');
        // The line breaks taken out of the literal follow it, outside, so later lines keep their numbers.
        const removed = literal.split('\n').length - tight.split('\n').length;
        return tight + '\n'.repeat(removed);
      });
      return { code: compacted, map: null };
    },
  };
}

/**
 * Spaces around braces, commas and the child combinator, after a property's colon (also in a
 * media feature), and the last semicolon of a block go; a value's leading zero too (0.5em is .5em).
 */
function tightenCss(css: string): string {
  return css
    .replace(/\s*([{}>,])\s*/g, '$1')
    .replace(/([\w-]):\s+/g, '$1:')
    .replace(/;}/g, '}')
    .replace(/(^|[\s:,(])0\.(\d)/g, '$1.$2');
}

export default defineConfig({
  root,
  // The bundle is served as files under a strict CSP; nothing from public/ is needed.
  publicDir: false,
  // scripts/sri.ts: dist/sri.json, every script's sha384 for a CDN host (docs/cdn-and-csp.md).
  plugins: [compactCssLiterals(), subresourceIntegrity()],
  // Chunks find each other (and the compression worker) relative to where the widget is hosted.
  base: './',
  // The compression worker is a same-origin module file beside the chunks, never a blob: URL.
  worker: {
    format: 'es',
    rolldownOptions: { output: { entryFileNames: 'chunks/[name]-[hash].js', chunkFileNames: 'chunks/[name]-[hash].js' } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    // scripts/size.ts and the demo read it to tell the core from the lazily loaded chunks.
    manifest: true,
    // A preload helper would inject <link> tags; drivers are few and loaded one at a time.
    modulePreload: false,
    lib: {
      entry: 'src/identity-verify.ts',
      formats: ['es'],
      fileName: () => 'identity-verify.js',
    },
    rolldownOptions: {
      // Code the core and a lazy chunk share (Lit, the theme) stays in the core, which exports it
      // to the chunk, rather than moving to a third file the core must also load.
      preserveEntrySignatures: 'allow-extension',
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Library mode keeps whitespace by default (for re-bundling); this file ships as is.
        minify: true,
        comments: { annotation: false },
      },
    },
  },
});
