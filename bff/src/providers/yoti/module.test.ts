// Yoti's settings: the key must be an RSA private key (on one line or not), and the default
// identity profile one Yoti offers; the profile a session names is read the same way.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { yotiEmulatorApp, yotiOneLinePem } from '@identity-verify/emulators';
import { readProviderSettings } from '../module.js';
import { yotiModule } from './module.js';
import { parseIdentityProfile } from './profile.js';

const app = yotiEmulatorApp();
const env = (extra: Record<string, string> = {}) => ({
  YOTI_SDK_ID: app.sdkId,
  YOTI_PEM: yotiOneLinePem(app.privateKeyPem),
  YOTI_NOTIFICATION_TOKEN: 'a-notification-token-of-some-length',
  ...extra,
});

describe('Yoti settings', () => {
  it("takes a one-line PEM and defaults to Yoti's production API, user view and global identity profile", () => {
    const { config, problems } = readProviderSettings(yotiModule, env(), true);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ apiUrl: 'https://api.yoti.com/idverify/v1', webUrl: 'https://api.yoti.com/idverify/v1/web/index.html', defaultProfile: { trust_framework: 'YOTI_GLOBAL', scheme: { type: 'IDENTITY' } } });
    expect(config!.pem.reveal()).toBe(app.privateKeyPem.trim());
    expect(JSON.stringify(config)).not.toContain('PRIVATE KEY');
  });

  it('refuses a key that is not RSA, a profile Yoti does not offer, plain http in production, and part of the enabling settings', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(readProviderSettings(yotiModule, env({ YOTI_PEM: ec }), false).problems).toEqual(['YOTI_PEM: must be an RSA private key (Yoti signs with RSA-SHA256)']);
    expect(readProviderSettings(yotiModule, env({ YOTI_PEM: 'not a key' }), false).problems[0]).toMatch(/^YOTI_PEM: must be a PEM private key/);
    expect(readProviderSettings(yotiModule, env({ YOTI_IDENTITY_PROFILE: 'UK_TFIDA:IDENTITY' }), false).problems).toEqual(['YOTI_IDENTITY_PROFILE: UK_TFIDA offers RTW, RTR, DBS']);
    expect(readProviderSettings(yotiModule, env({ YOTI_API_URL: 'http://yoti.test/idverify/v1' }), true).problems).toEqual(['YOTI_API_URL: must be https in production']);
    expect(readProviderSettings(yotiModule, { YOTI_SDK_ID: app.sdkId }, false).problems[0]).toMatch(/set all three or none/);
  });
});

describe('the identity profile a session names', () => {
  it.each([
    ['UK_TFIDA:RTW', { trust_framework: 'UK_TFIDA', scheme: { type: 'RTW' } }],
    ['UK_TFIDA:RTR', { trust_framework: 'UK_TFIDA', scheme: { type: 'RTR' } }],
    ['UK_TFIDA:DBS:BASIC', { trust_framework: 'UK_TFIDA', scheme: { type: 'DBS', objective: 'BASIC' } }],
    ['YOTI_GLOBAL:IDENTITY', { trust_framework: 'YOTI_GLOBAL', scheme: { type: 'IDENTITY' } }],
  ])('%s', (value, requirements) => {
    expect(parseIdentityProfile(value)).toEqual({ ok: true, requirements });
  });

  it.each([
    ['RTW', 'must be one of UK_TFIDA:RTW, UK_TFIDA:RTR, UK_TFIDA:DBS:BASIC or YOTI_GLOBAL:IDENTITY'],
    ['UK_TFIDA:DBS', 'UK_TFIDA:DBS needs an objective: BASIC, STANDARD, ENHANCED'],
    ['UK_TFIDA:RTW:BASIC', 'UK_TFIDA:RTW takes no objective'],
    ['UK_TFIDA:RTW:BASIC:X', 'must be one of UK_TFIDA:RTW, UK_TFIDA:RTR, UK_TFIDA:DBS:BASIC or YOTI_GLOBAL:IDENTITY'],
  ])('refuses %s', (value, problem) => {
    expect(parseIdentityProfile(value)).toEqual({ ok: false, problem });
  });
});
