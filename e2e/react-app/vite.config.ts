// The React e2e app (e2e/specs/react.spec.ts builds and serves it): React through Vite, with the
// workspace's @identity-verify/react from source and the widget's built browser bundle (its package).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  plugins: [react()],
  resolve: {
    alias: { '@identity-verify/react': fileURLToPath(new URL('../../packages/react/src/index.ts', import.meta.url)) },
  },
  // React's development build: its production build ignores StrictMode, which would leave the
  // double-run effects this app is here to face untested.
  mode: 'development',
  define: { 'process.env.NODE_ENV': JSON.stringify('development') },
  build: { target: 'es2022', emptyOutDir: true },
  logLevel: 'warn',
});
