// GET /v1/widget/csp over the real app: the sources of the enabled providers only, the emulators'
// origins when the BFF is configured for them and the real ones in a production configuration,
// the BFF's own origin for connect-src, and a whole header with the nonce placeholder.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WidgetCspSchema } from '@identity-verify/contract/csp';
import { TURNSTILE_EMULATOR_SECRET, TURNSTILE_EMULATOR_SITEKEY } from '@identity-verify/emulators';
import { loadConfig } from '../config.js';
import { createTestBff, STRIPE_TEST_ENV, TEST_API_KEY } from '../testing.js';
import { widgetCsp } from './csp.js';

const TURNSTILE_TEST_ENV = {
  TURNSTILE_SITEKEY: TURNSTILE_EMULATOR_SITEKEY,
  TURNSTILE_SECRET: TURNSTILE_EMULATOR_SECRET,
  TURNSTILE_SITEVERIFY_URL: 'http://turnstile.test/turnstile/v0/siteverify',
  TURNSTILE_SCRIPT_URL: 'http://turnstile.test/turnstile/v0/api.js?render=explicit',
};

let bff: Awaited<ReturnType<typeof createTestBff>> | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

describe('GET /v1/widget/csp', () => {
  it('answers only the API key', async () => {
    bff = await createTestBff(TURNSTILE_TEST_ENV);
    const anonymous = await bff.call('GET', '/v1/widget/csp');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBeTypeOf('string');
    const secret = (await bff.createSession()).client_secret;
    expect((await bff.call('GET', '/v1/widget/csp', { auth: secret })).status).toBe(401);
  });

  it("lists each enabled provider's sources, the emulators' where the BFF uses them, and their union", async () => {
    bff = await createTestBff({ ...TURNSTILE_TEST_ENV, ...STRIPE_TEST_ENV });
    const { status, json } = await bff.call('GET', '/v1/widget/csp', { auth: TEST_API_KEY });
    expect(status).toBe(200);
    const csp = WidgetCspSchema.parse(json);
    expect(Object.keys(csp.sources.providers)).toEqual(['turnstile', 'stripe_identity']);
    expect(csp.sources.providers.turnstile).toEqual({ 'script-src': ['http://turnstile.test'], 'frame-src': ['http://turnstile.test'] });
    expect(csp.sources.providers.stripe_identity).toEqual({
      'script-src': ['http://stripe.test'],
      'frame-src': ['http://stripe.test'],
      'connect-src': ['http://stripe.test'],
    });
    // The BFF as browsers reach it (IDV_PUBLIC_URL), for the widget's calls.
    expect(csp.sources.widget['connect-src']).toEqual(['https://bff.test']);
    expect(csp.directives['script-src']).toEqual(["'self'", 'http://turnstile.test', 'http://stripe.test']);
    expect(csp.directives['frame-src']).toEqual(['http://turnstile.test', 'http://stripe.test']);
    expect(csp.directives['connect-src']).toEqual(['https://bff.test', 'http://stripe.test']);
    expect(csp.trusted_types).toEqual(['identity-verify', 'lit-html']);
  });

  it('writes a whole header with the nonce placeholder and Trusted Types required', async () => {
    bff = await createTestBff(TURNSTILE_TEST_ENV);
    const { json } = await bff.call('GET', '/v1/widget/csp', { auth: TEST_API_KEY });
    const directives = new Map(
      (json.header as string).split('; ').map((part) => {
        const [name, ...values] = part.split(' ');
        return [name!, values];
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'", "'nonce-{nonce}'", 'http://turnstile.test']);
    expect(directives.get('frame-src')).toEqual(['http://turnstile.test']);
    expect(directives.get('connect-src')).toEqual(["'self'", 'https://bff.test']);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('require-trusted-types-for')).toEqual(["'script'"]);
    expect(directives.get('trusted-types')).toEqual(['identity-verify', 'lit-html']);
    expect(json.header).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('is in the OpenAPI document', async () => {
    bff = await createTestBff(TURNSTILE_TEST_ENV);
    const { json } = await bff.call('GET', '/openapi.json');
    const operation = json.paths['/v1/widget/csp'].get;
    expect(operation.security).toEqual([{ apiKey: [] }]);
    expect(Object.keys(operation.responses[200].content['application/json'].schema.properties)).toContain('header');
  });
});

describe("the providers' sources in a production configuration", () => {
  it("name the providers' real origins", () => {
    const config = loadConfig({
      IDV_API_KEYS: TEST_API_KEY,
      IDV_PII_KEY: randomBytes(32).toString('base64'),
      IDV_DATA_DIR: ':memory:',
      IDV_ALLOWED_ORIGINS: 'https://shop.example',
      IDV_PUBLIC_URL: 'https://verify.example',
      TURNSTILE_SITEKEY: '0x4AAAAAAAproduction',
      TURNSTILE_SECRET: '0x4AAAAAAAproductionsecret',
      STRIPE_SECRET_KEY: 'sk_live_abc123',
      STRIPE_PUBLISHABLE_KEY: 'pk_live_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
      PLAID_CLIENT_ID: 'a'.repeat(24),
      PLAID_SECRET: 'b'.repeat(30),
      PLAID_TEMPLATE_ID: 'idvtmp_abc',
      ONFIDO_API_TOKEN: 'api_live.abcdefgh.ijkl',
      ONFIDO_WEBHOOK_TOKEN: 'w'.repeat(32),
      ONFIDO_REGION: 'us',
    });
    expect(config.production).toBe(true);
    const { sources, directives } = widgetCsp(config, 'https://verify.example');
    expect(sources.providers.turnstile).toEqual({ 'script-src': ['https://challenges.cloudflare.com'], 'frame-src': ['https://challenges.cloudflare.com'] });
    expect(sources.providers.stripe_identity?.['script-src']).toContain('https://js.stripe.com');
    expect(sources.providers.stripe_identity?.['connect-src']).toEqual(['https://api.stripe.com']);
    expect(sources.providers.plaid).toEqual({
      'script-src': ['https://cdn.plaid.com'],
      'frame-src': ['https://cdn.plaid.com'],
      'connect-src': ['https://production.plaid.com'],
    });
    expect(sources.providers.onfido?.['script-src']).toEqual(['https://sdk.onfido.com', 'https://assets.onfido.com']);
    expect(sources.providers.onfido?.['connect-src']).toContain('https://api.us.onfido.com');
    // Nothing local, nothing over plain http, in a production policy.
    for (const source of Object.values(directives).flat()) expect(source).not.toMatch(/^http:|127\.0\.0\.1|localhost/);
  });
});
