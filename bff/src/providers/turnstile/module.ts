// Cloudflare Turnstile, an inline human check: its settings and its adapter.
import { z } from 'zod';
import { Secret } from '../../security/secret.js';
import { defineProvider, originOf } from '../module.js';
import { createTurnstileAdapter, TURNSTILE_TEST_SECRET } from './adapter.js';

export interface TurnstileConfig {
  sitekey: string;
  secret: Secret;
  siteverifyUrl: string;
  scriptUrl: string;
}

export const turnstileModule = defineProvider({
  key: 'turnstile',
  settings: {
    TURNSTILE_SITEKEY: { schema: z.string().min(1), enables: true },
    TURNSTILE_SECRET: {
      schema: z.string().min(1),
      enables: true,
      testOnly: { pattern: TURNSTILE_TEST_SECRET, what: 'a Cloudflare test secret' },
    },
    TURNSTILE_SITEVERIFY_URL: { schema: z.url({ protocol: /^https?$/ }).default('https://challenges.cloudflare.com/turnstile/v0/siteverify'), https: true },
    TURNSTILE_SCRIPT_URL: { schema: z.url({ protocol: /^https?$/ }).default('https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit'), https: true },
  },
  config: (env): TurnstileConfig => ({
    sitekey: env.TURNSTILE_SITEKEY,
    secret: new Secret(env.TURNSTILE_SECRET),
    siteverifyUrl: env.TURNSTILE_SITEVERIFY_URL,
    scriptUrl: env.TURNSTILE_SCRIPT_URL,
  }),
  createAdapter: createTurnstileAdapter,
  // api.js and the challenge frame it opens both come from challenges.cloudflare.com.
  csp: ({ scriptUrl }) => ({ 'script-src': [originOf(scriptUrl)], 'frame-src': [originOf(scriptUrl)] }),
});
