// The BFF's configuration, read from the environment and validated once at start. Every
// problem is reported together. Each provider declares its own settings in its module
// (providers/<key>/module.ts); this file reads the BFF's own and loops over the providers.
// Secrets are wrapped in Secret so they cannot reach a response or a log by accident.
// Production is the default: only IDV_MODE=development lets missing keys be generated, so a
// deployment that forgets a setting fails at start instead of running on throwaway secrets.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { ClaimType, ProviderKey } from '@identity-verify/contract/vocabulary';
import { PROVIDER_MODULES, type ProviderConfigs } from './providers/index.js';
import { readProviderSettings, type ProviderModule, type Settings } from './providers/module.js';
import { NO_TRUSTED_PROXIES, parseTrustedProxies, type TrustedProxies } from './http/client-ip.js';
import { Secret } from './security/secret.js';
import { newApiKey } from './security/tokens.js';
import { CRASH_POINTS, type CrashPoint } from './resilience/crash-point.js';

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

/** A tenant name: what sessions, consents and results belong to. */
const TENANT = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const apiKeyEntry = z.string().transform((entry, ctx) => {
  const at = entry.indexOf(':');
  const [tenant, key] = at === -1 ? ['default', entry] : [entry.slice(0, at), entry.slice(at + 1)];
  if (!TENANT.test(tenant)) ctx.addIssue({ code: 'custom', message: 'a tenant name is lower-case letters, digits, _ and -, up to 64 (as in acme:sk_...)' });
  if (key.length < 24) ctx.addIssue({ code: 'custom', message: 'each API key needs at least 24 characters' });
  return { tenant, key };
});

const EnvSchema = z.object({
  IDV_MODE: z.enum(['production', 'development']).default('production'),
  NODE_ENV: z.string().optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  // Each entry `tenant:key`, or a bare key for the tenant "default"; several keys of one tenant are its key set (rotation).
  IDV_API_KEYS: csv.pipe(z.array(apiKeyEntry)).optional(),
  IDV_ALLOWED_ORIGINS: csv.pipe(z.array(origin)).default(['http://127.0.0.1:3000', 'http://localhost:3000']),
  // The BFF's own address as browsers reach it: redirect providers send the person back to it.
  IDV_PUBLIC_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')).optional(),
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
  // The resilience suite's kill -9 at a boundary of initiate (resilience/crash-point.ts); needs IDV_TEST_CONTROLS.
  IDV_TEST_CRASH_AT: z.enum(CRASH_POINTS).optional(),
  IDV_LOG: z.enum(['json', 'silent']).default('json'),
  IDV_TRUSTED_PROXIES: csv.default([]),
  // Node's own defaults let a client hold a request open for five minutes and take connections
  // without bound; these are the BFF's (server.ts).
  IDV_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(2048),
  IDV_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  IDV_UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  IDV_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  // How long a claim counts once issued (and so can be reused), per claim type.
  IDV_CLAIM_DAYS_VERIFIED_HUMAN: z.coerce.number().int().min(1).max(3650).default(30),
  IDV_CLAIM_DAYS_VERIFIED_IDENTITY: z.coerce.number().int().min(1).max(3650).default(365),
  IDV_METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  IDV_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

/** A host backend's secret key and its tenant: sessions, consents and results belong to the tenant that created them. */
export interface ApiKey {
  tenant: string;
  key: string;
}

export interface BffConfig {
  host: string;
  port: number;
  /** False only when IDV_MODE=development was asked for. */
  production: boolean;
  /** Secret API keys of host backends, each with the tenant it acts for. */
  apiKeys: ApiKey[];
  /** Set when the API key was generated for local use (printed at start). */
  generatedApiKey: boolean;
  allowedOrigins: string[];
  /** The BFF's origin (and path prefix) as browsers reach it, no trailing slash; null when not set. */
  publicUrl: string | null;
  database: { kind: 'postgres'; url: Secret } | { kind: 'sqlite'; file: string };
  piiKey: Secret;
  sessionTtlSeconds: number;
  rateLimitPerMinute: number;
  providerTimeoutMs: number;
  testControls: boolean;
  /** Where the resilience suite's replica kills itself (test controls only); null everywhere else. */
  testCrashAt: CrashPoint | null;
  log: 'json' | 'silent';
  /** Proxies whose X-Forwarded-For is believed (http/client-ip.ts). */
  trustedProxies: TrustedProxies;
  maxConnections: number;
  requestTimeoutMs: number;
  /** An upload whose body stalls this long is answered 408. */
  uploadIdleTimeoutMs: number;
  /** /metrics: a bearer token on the API port, and/or a port of its own (then without a token unless one is set). */
  metrics: { token: Secret | null; port: number | null };
  /** Days after a session ended (or expired) before it and its personal data are purged, here and at its providers. */
  retentionDays: number;
  /** Days a claim of each type counts once issued: until then a session for its subject may reuse it. */
  claimLifetimeDays: Record<ClaimType, number>;
  /** The configured providers' configs, by provider key. */
  providers: ProviderConfigs;
}

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
  const production = e.IDV_MODE === 'production';
  const problems: string[] = [];
  // A deployment marked production by its platform is not quietly run as a development one.
  if (!production && e.NODE_ENV === 'production') problems.push('IDV_MODE: development contradicts NODE_ENV=production');
  const proxies = parseTrustedProxies(e.IDV_TRUSTED_PROXIES);
  if ('invalid' in proxies) problems.push(`IDV_TRUSTED_PROXIES: not an IP address or CIDR range: ${proxies.invalid.map((p) => p.slice(0, 60)).join(', ')}`);
  if (e.IDV_METRICS_PORT !== undefined && e.IDV_METRICS_PORT !== 0 && e.IDV_METRICS_PORT === e.PORT) problems.push('IDV_METRICS_PORT: must differ from PORT');
  const dataDir = e.IDV_DATA_DIR === ':memory:' ? null : resolve(e.IDV_DATA_DIR);

  if (production && !e.IDV_API_KEYS) problems.push('IDV_API_KEYS: required in production');
  const keys = (e.IDV_API_KEYS ?? []).map((k) => k.key);
  if (new Set(keys).size !== keys.length) problems.push('IDV_API_KEYS: a key is listed twice (one key, one tenant)');
  if (production && !e.IDV_PII_KEY) problems.push('IDV_PII_KEY: required in production');
  if (production && e.IDV_TEST_CONTROLS) problems.push('IDV_TEST_CONTROLS: must be off in production');
  if (e.IDV_TEST_CRASH_AT && !e.IDV_TEST_CONTROLS) problems.push('IDV_TEST_CRASH_AT: a test setting, only with IDV_TEST_CONTROLS');
  const providers: Record<string, unknown> = {};
  for (const module of PROVIDER_MODULES) {
    const read = readProviderSettings(module as ProviderModule<ProviderKey, Settings, unknown>, cleaned as Record<string, string>, production);
    problems.push(...read.problems);
    if (read.config) providers[module.key] = read.config;
    if (read.config && module.returnsToBff && !e.IDV_PUBLIC_URL) {
      problems.push(`IDV_PUBLIC_URL: required for ${module.key} (the person comes back to <IDV_PUBLIC_URL>/v1/providers/${module.key}/callback)`);
    }
  }
  if (production && e.IDV_PUBLIC_URL && !e.IDV_PUBLIC_URL.startsWith('https:')) problems.push('IDV_PUBLIC_URL: must be https in production');
  if (problems.length) throw new ConfigError(problems);

  const apiKeys = e.IDV_API_KEYS ?? [{ tenant: 'default', key: devSecret(dataDir, 'dev-api-key', newApiKey) }];
  const piiKey = e.IDV_PII_KEY ?? devSecret(dataDir, 'dev-pii-key', () => randomBytes(32).toString('base64'));

  return {
    host: e.HOST,
    port: e.PORT,
    production,
    apiKeys,
    generatedApiKey: !e.IDV_API_KEYS,
    allowedOrigins: e.IDV_ALLOWED_ORIGINS,
    publicUrl: e.IDV_PUBLIC_URL ?? null,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: new Secret(e.DATABASE_URL) }
      : { kind: 'sqlite', file: dataDir ? join(dataDir, 'identity-verify.sqlite') : ':memory:' },
    piiKey: new Secret(piiKey),
    sessionTtlSeconds: e.IDV_SESSION_TTL_SECONDS,
    rateLimitPerMinute: e.IDV_RATE_LIMIT_PER_MINUTE,
    providerTimeoutMs: e.IDV_PROVIDER_TIMEOUT_MS,
    testControls: e.IDV_TEST_CONTROLS,
    testCrashAt: e.IDV_TEST_CRASH_AT ?? null,
    log: e.IDV_LOG,
    trustedProxies: 'proxies' in proxies ? proxies.proxies : NO_TRUSTED_PROXIES,
    maxConnections: e.IDV_MAX_CONNECTIONS,
    requestTimeoutMs: e.IDV_REQUEST_TIMEOUT_MS,
    uploadIdleTimeoutMs: e.IDV_UPLOAD_IDLE_TIMEOUT_MS,
    metrics: { token: e.IDV_METRICS_TOKEN ? new Secret(e.IDV_METRICS_TOKEN) : null, port: e.IDV_METRICS_PORT ?? null },
    retentionDays: e.IDV_RETENTION_DAYS,
    claimLifetimeDays: { verified_human: e.IDV_CLAIM_DAYS_VERIFIED_HUMAN, verified_identity: e.IDV_CLAIM_DAYS_VERIFIED_IDENTITY },
    providers: providers as ProviderConfigs,
  };
}
