// Builds the demo page (and its privacy page) to demo/dist, served by demo/server.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  // public/ holds only the favicon (an icon link stops the browser asking for /favicon.ico).
  publicDir: here('public'),
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    // Source maps would ship the page's TypeScript to anyone; the demo does not need them.
    sourcemap: false,
    rollupOptions: {
      input: { index: here('index.html'), privacy: here('privacy.html') },
    },
  },
});
