// How the stack wires the Turnstile emulator: the BFF's siteverify URL and widget script come from
// it, with its own test key pair; the page loads its api.js and the challenge frame.
import { defineWiring } from '../shared/wiring.js';
import { createTurnstileEmulator, turnstileBffEnv } from './app.js';

export const turnstileWiring = defineWiring({
  name: 'turnstile',
  provider: 'Cloudflare Turnstile',
  providerKeys: ['turnstile'],
  needs: [],
  create: createTurnstileEmulator,
  bffEnv: ({ url }) => turnstileBffEnv(url),
  secrets: { TURNSTILE_SECRET: 'the Turnstile secret' },
  page: ({ url }) => ({ scripts: [url], connect: [] }),
});
