import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseUrl, defineProvider, readProviderSettings } from './module.js';
import type { ProviderAdapter } from './types.js';

// A made-up provider: the shared rules are the module's, whatever the provider.
const example = defineProvider({
  key: 'yoti',
  settings: {
    EXAMPLE_ID: { schema: z.string().min(3), enables: true },
    EXAMPLE_SECRET: { schema: z.string().min(3), enables: true, testOnly: { pattern: /^test_/, what: 'a test secret' } },
    EXAMPLE_KEY: { schema: z.string().min(3), enables: true },
    EXAMPLE_API_BASE: { schema: baseUrl().default('https://api.example.test'), https: true },
    EXAMPLE_MODE: { schema: z.enum(['a', 'b']).optional() },
  },
  check: (env) => (env.EXAMPLE_MODE === 'b' && env.EXAMPLE_ID === 'bad' ? ['EXAMPLE_MODE: b cannot run for this id'] : []),
  config: (env) => ({ id: env.EXAMPLE_ID, apiBase: env.EXAMPLE_API_BASE, mode: env.EXAMPLE_MODE ?? 'a' }),
  createAdapter: () => ({}) as ProviderAdapter,
  csp: () => ({}),
});
const all = { EXAMPLE_ID: 'abc', EXAMPLE_SECRET: 'live_secret', EXAMPLE_KEY: 'key' };

describe('provider settings', () => {
  it('leave a provider off when none is set', () => {
    expect(readProviderSettings(example, {}, false)).toEqual({ problems: [] });
  });

  it('build the config with defaults once every enabling setting is there', () => {
    expect(readProviderSettings(example, all, true).config).toEqual({ id: 'abc', apiBase: 'https://api.example.test', mode: 'a' });
    expect(readProviderSettings(example, { ...all, EXAMPLE_API_BASE: 'http://127.0.0.1:9/base//' }, false).config?.apiBase).toBe('http://127.0.0.1:9/base');
  });

  it('name every enabling setting when only some are set', () => {
    expect(readProviderSettings(example, { EXAMPLE_ID: 'abc' }, false).problems).toEqual(['EXAMPLE_ID, EXAMPLE_SECRET and EXAMPLE_KEY: set all three or none']);
  });

  it('refuse options without the settings that turn the provider on', () => {
    expect(readProviderSettings(example, { EXAMPLE_MODE: 'a', EXAMPLE_API_BASE: 'https://x.test' }, false).problems).toEqual([
      'EXAMPLE_API_BASE, EXAMPLE_MODE: only take effect with EXAMPLE_ID, EXAMPLE_SECRET and EXAMPLE_KEY set',
    ]);
  });

  it('name the setting of each bad value', () => {
    const { problems, config } = readProviderSettings(example, { ...all, EXAMPLE_ID: 'x', EXAMPLE_MODE: 'c' }, false);
    expect(config).toBeUndefined();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^EXAMPLE_ID: /);
    expect(problems[1]).toMatch(/^EXAMPLE_MODE: /);
  });

  it('hold URLs to https and refuse test credentials in production only', () => {
    const local = { ...all, EXAMPLE_SECRET: 'test_secret', EXAMPLE_API_BASE: 'http://127.0.0.1:9' };
    expect(readProviderSettings(example, local, false).problems).toEqual([]);
    expect(readProviderSettings(example, local, true).problems).toEqual([
      'EXAMPLE_SECRET: a test secret cannot be used in production',
      'EXAMPLE_API_BASE: must be https in production',
    ]);
  });

  it("run the provider's own rules after the declared ones", () => {
    expect(readProviderSettings(example, { ...all, EXAMPLE_ID: 'bad', EXAMPLE_MODE: 'b' }, false).problems).toEqual(['EXAMPLE_MODE: b cannot run for this id']);
  });
});
