// Production fails closed: a BFF is a production one unless development is asked for by name,
// and a production one starts only with its secrets given.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { TEST_API_KEY } from './testing.js';

const PII_KEY = Buffer.alloc(32, 7).toString('base64');

function problems(env: Record<string, string>): string {
  try {
    loadConfig({ IDV_DATA_DIR: ':memory:', ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

describe('the mode', () => {
  it('is production when nothing says otherwise, whatever NODE_ENV is', () => {
    for (const NODE_ENV of [undefined, 'development', 'test', 'staging', 'prod']) {
      const found = problems(NODE_ENV ? { NODE_ENV } : {});
      expect(found, String(NODE_ENV)).toContain('IDV_API_KEYS: required in production');
      expect(found, String(NODE_ENV)).toContain('IDV_PII_KEY: required in production');
    }
  });

  it('starts in production with its secrets given, and never generates one', () => {
    const config = loadConfig({ IDV_DATA_DIR: ':memory:', IDV_API_KEYS: TEST_API_KEY, IDV_PII_KEY: PII_KEY });
    expect(config).toMatchObject({ production: true, apiKeys: [{ tenant: 'default', key: TEST_API_KEY }], generatedApiKey: false });
    expect(config.piiKey.reveal()).toBe(PII_KEY);
  });

  it('refuses test controls and plain-http provider URLs in production', () => {
    const found = problems({
      IDV_API_KEYS: TEST_API_KEY,
      IDV_PII_KEY: PII_KEY,
      IDV_TEST_CONTROLS: '1',
      TURNSTILE_SITEKEY: '0x4AAAAAAAlive',
      TURNSTILE_SECRET: '0x4AAAAAAAlivesecret',
      TURNSTILE_SITEVERIFY_URL: 'http://challenges.example/siteverify',
    });
    expect(found).toContain('IDV_TEST_CONTROLS: must be off in production');
    expect(found).toContain('TURNSTILE_SITEVERIFY_URL: must be https in production');
  });

  it('generates local secrets only when IDV_MODE=development is asked for', () => {
    const config = loadConfig({ IDV_MODE: 'development', IDV_DATA_DIR: ':memory:' });
    expect(config).toMatchObject({ production: false, generatedApiKey: true });
    expect(config.apiKeys[0]).toMatchObject({ tenant: 'default', key: expect.stringMatching(/^sk_/) });
  });

  it('refuses a development mode on a platform that says production, and an unknown mode', () => {
    expect(problems({ IDV_MODE: 'development', NODE_ENV: 'production' })).toContain('IDV_MODE: development contradicts NODE_ENV=production');
    expect(problems({ IDV_MODE: 'dev' })).toContain('IDV_MODE');
  });
});

describe('operations settings', () => {
  const dev = { IDV_MODE: 'development', IDV_DATA_DIR: ':memory:' };
  it('has bounded defaults', () => {
    expect(loadConfig(dev)).toMatchObject({ maxConnections: 2048, requestTimeoutMs: 120_000, uploadIdleTimeoutMs: 30_000, metrics: { token: null, port: null } });
  });

  it('keeps the metrics token secret and refuses a short one or the API port', () => {
    const config = loadConfig({ ...dev, IDV_METRICS_TOKEN: 'm'.repeat(40), IDV_METRICS_PORT: '9464' });
    expect(JSON.stringify(config)).not.toContain('m'.repeat(40));
    expect(config.metrics.port).toBe(9464);
    expect(problems({ ...dev, IDV_METRICS_TOKEN: 'short' })).toContain('IDV_METRICS_TOKEN');
    expect(problems({ ...dev, PORT: '9000', IDV_METRICS_PORT: '9000' })).toContain('IDV_METRICS_PORT: must differ from PORT');
  });
});
