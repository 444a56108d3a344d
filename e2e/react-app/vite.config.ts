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
  build: { target: 'es2022', emptyOutDir: true },
  logLevel: 'warn',
});
