// The BFF's configuration, read from the environment and validated once at start. Every
// problem is reported together. Provider secrets are wrapped in Secret so they cannot reach a
// response or a log by accident; what the widget may see (sitekeys, script URLs) stays plain.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CAPTURE_MODES, type CaptureMode } from '@identity-verify/contract/vocabulary';
import { Secret } from './security/secret.js';
import { newApiKey } from './security/tokens.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const csv = z
  .string()
  .transform((s) => s.split(',').map((part) => part.trim()).filter(Boolean));
const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const origin = z.string().refine((s) => {
  try {
    return new URL(s).origin === s;
  } catch {
    return false;
  }
}, 'must be an origin like https://shop.example or http://127.0.0.1:3000 (no path, no trailing slash)');

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  IDV_API_KEYS: csv.pipe(z.array(z.string().min(24, 'each API key needs at least 24 characters'))).optional(),
  IDV_ALLOWED_ORIGINS: csv.pipe(z.array(origin)).default(['http://127.0.0.1:3000', 'http://localhost:3000']),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  IDV_DATA_DIR: z.string().min(1).default('.data'),
  IDV_PII_KEY: z
    .string()
    .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 random bytes, base64-encoded')
    .optional(),
  IDV_SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(3600),
  IDV_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  IDV_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  IDV_TEST_CONTROLS: flag.default(false),
  IDV_LOG: z.enum(['json', 'silent']).default('json'),
  TURNSTILE_SITEKEY: z.string().min(1).optional(),
  TURNSTILE_SECRET: z.string().min(1).optional(),
  TURNSTILE_SITEVERIFY_URL: z.url().default('https://challenges.cloudflare.com/turnstile/v0/siteverify'),
  TURNSTILE_SCRIPT_URL: z.url().default('https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit'),
  STRIPE_SECRET_KEY: z.string().regex(/^sk_(test|live)_\w+$/, 'must be a Stripe secret key (sk_test_… or sk_live_…)').optional(),
  STRIPE_RESTRICTED_KEY: z.string().regex(/^rk_(test|live)_\w+$/, 'must be a Stripe restricted key (rk_…)').optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_(test|live)_\w+$/, 'must be a Stripe publishable key (pk_…)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, 'must be a Stripe webhook signing secret (whsec_…)').optional(),
  STRIPE_API_BASE: z.url().default('https://api.stripe.com'),
  STRIPE_JS_URL: z.url().default('https://js.stripe.com/basil/stripe.js'),
  ONFIDO_API_TOKEN: z
    .string()
    .regex(/^api_(sandbox|live)(_[a-z]{2})?\.[A-Za-z0-9._-]{8,}$/, 'must be an Onfido API token (api_sandbox.… or api_live.…)')
    .optional(),
  ONFIDO_WEBHOOK_TOKEN: z.string().min(16, "must be the webhook's token Onfido answered when it was registered").optional(),
  ONFIDO_REGION: z.enum(['eu', 'us', 'ca']).default('eu'),
  ONFIDO_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  ONFIDO_SDK_URL: z.url({ protocol: /^https?$/ }).optional(),
  ONFIDO_WORKFLOW_ID: z.guid('must be the UUID of an Onfido Studio workflow').optional(),
  ONFIDO_CAPTURE: z.enum(CAPTURE_MODES).default('sdk'),
  SIGNICAT_CLIENT_ID: z.string().regex(/^[^:\s]{1,200}$/, "must be the OAuth client id from Signicat's dashboard (no colon or spaces)").optional(),
  SIGNICAT_CLIENT_SECRET: z.string().min(16, "must be the OAuth client secret from Signicat's dashboard").optional(),
  SIGNICAT_EVENT_SECRET: z.string().min(16, 'must be the secret of the Assure event subscription (at least 16 characters)').optional(),
  SIGNICAT_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.signicat.com'),
  SIGNICAT_CAPTURE: z.enum(CAPTURE_MODES).default('native'),
  SIGNICAT_ONFIDO_SDK_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export interface TurnstileConfig {
  sitekey: string;
  secret: Secret;
  siteverifyUrl: string;
  scriptUrl: string;
}

export interface StripeConfig {
  secretKey: Secret;
  /** Needed only to read sensitive results (date of birth, ID and document numbers, images). */
  restrictedKey: Secret | null;
  publishableKey: string;
  webhookSecret: Secret;
  apiBase: string;
  /** Where the widget loads Stripe.js from: js.stripe.com, or the emulator's stand-in. */
  jsUrl: string;
}

export interface OnfidoConfig {
  apiToken: Secret;
  /** The registered webhook's token: the HMAC key of X-SHA2-Signature. */
  webhookToken: Secret;
  region: 'eu' | 'us' | 'ca';
  /** https://api.{region}.onfido.com/v3.6, or the emulator's. */
  apiBase: string;
  /** Where the widget's Onfido loader imports the UI from; null for Onfido's own CDN. */
  sdkUrl: string | null;
  /** Run this Onfido Studio workflow instead of creating a check. */
  workflowId: string | null;
  /**
   * Who captures the images when the session does not say (requirements.capture): Onfido's Web
   * SDK, or our own capture uploading through the BFF.
   */
  capture: CaptureMode;
}

export interface SignicatConfig {
  clientId: string;
  /** client_secret_basic on /auth/open/connect/token. */
  clientSecret: Secret;
  /** The Assure event subscription's secret: the HMAC key of its signature header. */
  eventSecret: Secret;
  /** https://api.signicat.com, or the emulator's origin; /auth/... and /assure/... hang off it. */
  apiBase: string;
  /**
   * Who captures the images when the session does not say: our own capture uploading through the
   * BFF (Assure's use case 1), or Onfido's Web SDK with the process's authorization (use case 2).
   */
  capture: CaptureMode;
  /** Where the widget's Onfido loader imports the UI from in the SDK variant; null for Onfido's own CDN. */
  onfidoSdkUrl: string | null;
}

export interface BffConfig {
  host: string;
  port: number;
  production: boolean;
  /** Secret API keys of host backends. */
  apiKeys: string[];
  /** Set when the API key was generated for local use (printed at start). */
  generatedApiKey: boolean;
  allowedOrigins: string[];
  database: { kind: 'postgres'; url: Secret } | { kind: 'sqlite'; file: string };
  piiKey: Secret;
  sessionTtlSeconds: number;
  rateLimitPerMinute: number;
  providerTimeoutMs: number;
  testControls: boolean;
  log: 'json' | 'silent';
  providers: { turnstile?: TurnstileConfig; stripe?: StripeConfig; onfido?: OnfidoConfig; signicat?: SignicatConfig };
}

/** Cloudflare's documented test secrets: fine locally, never in production. */
export const TURNSTILE_TEST_SECRET = /^[123]x0{31}AA$/;

/** A dev secret kept in the data dir so it survives restarts (API key, PII key). */
function devSecret(dataDir: string | null, file: string, make: () => string): string {
  if (!dataDir) return make();
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

export function loadConfig(env: Record<string, string | undefined>): BffConfig {
  // Empty strings mean "unset", as in most shells' `FOO= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  const dataDir = e.IDV_DATA_DIR === ':memory:' ? null : resolve(e.IDV_DATA_DIR);

  if (production && !e.IDV_API_KEYS) problems.push('IDV_API_KEYS: required in production');
  if (production && !e.IDV_PII_KEY) problems.push('IDV_PII_KEY: required in production');
  if (production && e.IDV_TEST_CONTROLS) problems.push('IDV_TEST_CONTROLS: must be off in production');
  if (Boolean(e.TURNSTILE_SITEKEY) !== Boolean(e.TURNSTILE_SECRET)) {
    problems.push('TURNSTILE_SITEKEY and TURNSTILE_SECRET: set both or neither');
  }
  if (production && e.TURNSTILE_SECRET && TURNSTILE_TEST_SECRET.test(e.TURNSTILE_SECRET)) {
    problems.push('TURNSTILE_SECRET: a Cloudflare test secret cannot be used in production');
  }
  const stripeKeys = [e.STRIPE_SECRET_KEY, e.STRIPE_PUBLISHABLE_KEY, e.STRIPE_WEBHOOK_SECRET];
  if (stripeKeys.some(Boolean) && !stripeKeys.every(Boolean)) {
    problems.push('STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET: set all three or none');
  }
  if (e.STRIPE_SECRET_KEY && e.STRIPE_PUBLISHABLE_KEY && e.STRIPE_SECRET_KEY.slice(3, 7) !== e.STRIPE_PUBLISHABLE_KEY.slice(3, 7)) {
    problems.push('STRIPE_PUBLISHABLE_KEY: must be in the same mode (test or live) as STRIPE_SECRET_KEY');
  }
  const onfidoTokens = [e.ONFIDO_API_TOKEN, e.ONFIDO_WEBHOOK_TOKEN];
  if (onfidoTokens.some(Boolean) && !onfidoTokens.every(Boolean)) {
    problems.push('ONFIDO_API_TOKEN and ONFIDO_WEBHOOK_TOKEN: set both or neither');
  }
  const onfidoOptions = ['ONFIDO_REGION', 'ONFIDO_API_BASE', 'ONFIDO_SDK_URL', 'ONFIDO_WORKFLOW_ID', 'ONFIDO_CAPTURE'].filter((name) => name in cleaned);
  if (onfidoOptions.length && !e.ONFIDO_API_TOKEN) {
    // Otherwise Onfido would silently not be offered, which is hard to tell from a bad setting.
    problems.push(`${onfidoOptions.join(', ')}: only take effect with ONFIDO_API_TOKEN and ONFIDO_WEBHOOK_TOKEN set`);
  }
  for (const name of ['ONFIDO_API_BASE', 'ONFIDO_SDK_URL'] as const) {
    if (production && e[name] && new URL(e[name]).protocol !== 'https:') problems.push(`${name}: must be https in production`);
  }
  if (e.ONFIDO_CAPTURE === 'native' && e.ONFIDO_WORKFLOW_ID) {
    problems.push('ONFIDO_WORKFLOW_ID: a Studio workflow captures through Onfido\'s SDK; it cannot run with ONFIDO_CAPTURE=native');
  }
  const signicatKeys = [e.SIGNICAT_CLIENT_ID, e.SIGNICAT_CLIENT_SECRET, e.SIGNICAT_EVENT_SECRET];
  if (signicatKeys.some(Boolean) && !signicatKeys.every(Boolean)) {
    problems.push('SIGNICAT_CLIENT_ID, SIGNICAT_CLIENT_SECRET and SIGNICAT_EVENT_SECRET: set all three or none');
  }
  const signicatOptions = ['SIGNICAT_API_BASE', 'SIGNICAT_CAPTURE', 'SIGNICAT_ONFIDO_SDK_URL'].filter((name) => name in cleaned);
  if (signicatOptions.length && !e.SIGNICAT_CLIENT_ID) {
    problems.push(`${signicatOptions.join(', ')}: only take effect with SIGNICAT_CLIENT_ID, SIGNICAT_CLIENT_SECRET and SIGNICAT_EVENT_SECRET set`);
  }
  for (const name of ['SIGNICAT_API_BASE', 'SIGNICAT_ONFIDO_SDK_URL'] as const) {
    if (production && e[name] && new URL(e[name]).protocol !== 'https:') problems.push(`${name}: must be https in production`);
  }
  if (problems.length) throw new ConfigError(problems);

  const apiKeys = e.IDV_API_KEYS ?? [devSecret(dataDir, 'dev-api-key', newApiKey)];
  const piiKey = e.IDV_PII_KEY ?? devSecret(dataDir, 'dev-pii-key', () => randomBytes(32).toString('base64'));

  return {
    host: e.HOST,
    port: e.PORT,
    production,
    apiKeys,
    generatedApiKey: !e.IDV_API_KEYS,
    allowedOrigins: e.IDV_ALLOWED_ORIGINS,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: new Secret(e.DATABASE_URL) }
      : { kind: 'sqlite', file: dataDir ? join(dataDir, 'identity-verify.sqlite') : ':memory:' },
    piiKey: new Secret(piiKey),
    sessionTtlSeconds: e.IDV_SESSION_TTL_SECONDS,
    rateLimitPerMinute: e.IDV_RATE_LIMIT_PER_MINUTE,
    providerTimeoutMs: e.IDV_PROVIDER_TIMEOUT_MS,
    testControls: e.IDV_TEST_CONTROLS,
    log: e.IDV_LOG,
    providers: {
      ...(e.STRIPE_SECRET_KEY && e.STRIPE_PUBLISHABLE_KEY && e.STRIPE_WEBHOOK_SECRET
        ? {
            stripe: {
              secretKey: new Secret(e.STRIPE_SECRET_KEY),
              restrictedKey: e.STRIPE_RESTRICTED_KEY ? new Secret(e.STRIPE_RESTRICTED_KEY) : null,
              publishableKey: e.STRIPE_PUBLISHABLE_KEY,
              webhookSecret: new Secret(e.STRIPE_WEBHOOK_SECRET),
              apiBase: e.STRIPE_API_BASE,
              jsUrl: e.STRIPE_JS_URL,
            },
          }
        : {}),
      ...(e.ONFIDO_API_TOKEN && e.ONFIDO_WEBHOOK_TOKEN
        ? {
            onfido: {
              apiToken: new Secret(e.ONFIDO_API_TOKEN),
              webhookToken: new Secret(e.ONFIDO_WEBHOOK_TOKEN),
              region: e.ONFIDO_REGION,
              apiBase: (e.ONFIDO_API_BASE ?? `https://api.${e.ONFIDO_REGION}.onfido.com/v3.6`).replace(/\/+$/, ''),
              sdkUrl: e.ONFIDO_SDK_URL ?? null,
              workflowId: e.ONFIDO_WORKFLOW_ID ?? null,
              capture: e.ONFIDO_CAPTURE,
            },
          }
        : {}),
      ...(e.SIGNICAT_CLIENT_ID && e.SIGNICAT_CLIENT_SECRET && e.SIGNICAT_EVENT_SECRET
        ? {
            signicat: {
              clientId: e.SIGNICAT_CLIENT_ID,
              clientSecret: new Secret(e.SIGNICAT_CLIENT_SECRET),
              eventSecret: new Secret(e.SIGNICAT_EVENT_SECRET),
              apiBase: e.SIGNICAT_API_BASE.replace(/\/+$/, ''),
              capture: e.SIGNICAT_CAPTURE,
              onfidoSdkUrl: e.SIGNICAT_ONFIDO_SDK_URL ?? null,
            },
          }
        : {}),
      ...(e.TURNSTILE_SITEKEY && e.TURNSTILE_SECRET
        ? {
            turnstile: {
              sitekey: e.TURNSTILE_SITEKEY,
              secret: new Secret(e.TURNSTILE_SECRET),
              siteverifyUrl: e.TURNSTILE_SITEVERIFY_URL,
              scriptUrl: e.TURNSTILE_SCRIPT_URL,
            },
          }
        : {}),
    },
  };
}
