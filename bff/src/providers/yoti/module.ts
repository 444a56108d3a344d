// Yoti IDV: the person completes Yoti's user view, framed by the widget, against an identity
// profile (the UK's digital identity framework for right to work, right to rent or DBS checks, or
// Yoti's global identity); the BFF reads the verdict from Yoti's session result. Its settings.
//
// Which profile: the session's metadata `yoti_identity_profile` (FRAMEWORK:SCHEME[:OBJECTIVE],
// e.g. UK_TFIDA:RTW, UK_TFIDA:DBS:BASIC, YOTI_GLOBAL:IDENTITY), else YOTI_IDENTITY_PROFILE.
import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { Secret } from '../../security/secret.js';
import { baseUrl, defineProvider, originOf } from '../module.js';
import { createYotiAdapter } from './adapter.js';
import { DEFAULT_PROFILE, parseIdentityProfile, type IdentityProfileRequirements } from './profile.js';

export interface YotiConfig {
  /** The IDV API's base (https://api.yoti.com/idverify/v1), where the SDK signs and sends. */
  apiUrl: string;
  /** The Yoti Hub application's SDK id. */
  sdkId: string;
  /** The application's RSA private key (PEM), every request's signing key. */
  pem: Secret;
  /** Yoti's user view (…/web/index.html), the widget's iframe. */
  webUrl: string;
  /** The token Yoti sends back with each notification (Authorization: Bearer …), our proof it is Yoti. */
  notificationToken: Secret;
  /** The profile of sessions whose metadata names none. */
  defaultProfile: IdentityProfileRequirements;
}

// A PEM with its line breaks, or on one line with them written \n (as env files and secret stores hold it).
const pem = () => z.string().min(1).transform((text) => text.replace(/\\n/g, '\n'));

function keyProblems(text: string): string[] {
  try {
    const key = createPrivateKey(text);
    return key.asymmetricKeyType === 'rsa' ? [] : ['YOTI_PEM: must be an RSA private key (Yoti signs with RSA-SHA256)'];
  } catch {
    return ['YOTI_PEM: must be a PEM private key (-----BEGIN RSA PRIVATE KEY----- …), as the Yoti Hub issues it'];
  }
}

export const yotiModule = defineProvider({
  key: 'yoti',
  settings: {
    YOTI_API_URL: { schema: baseUrl().default('https://api.yoti.com/idverify/v1'), https: true },
    YOTI_SDK_ID: { schema: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "must be the Yoti Hub application's SDK id"), enables: true },
    YOTI_PEM: { schema: pem(), enables: true },
    YOTI_WEB_URL: {
      schema: z.url({ protocol: /^https?$/ }).refine((url) => !new URL(url).search && !new URL(url).hash, 'must have no query or fragment (the BFF adds the session to it)').default('https://api.yoti.com/idverify/v1/web/index.html'),
      https: true,
    },
    YOTI_NOTIFICATION_TOKEN: {
      schema: z.string().regex(/^\S{16,255}$/, 'must be 16 to 255 characters without spaces: Yoti sends it back as Authorization: Bearer <token>, our proof a notification is Yoti\'s'),
      enables: true,
    },
    YOTI_IDENTITY_PROFILE: { schema: z.string().default(DEFAULT_PROFILE) },
  },
  check: (env) => {
    const profile = parseIdentityProfile(env.YOTI_IDENTITY_PROFILE);
    return [...keyProblems(env.YOTI_PEM), ...(profile.ok ? [] : [`YOTI_IDENTITY_PROFILE: ${profile.problem}`])];
  },
  config: (env): YotiConfig => {
    const profile = parseIdentityProfile(env.YOTI_IDENTITY_PROFILE);
    if (!profile.ok) throw new Error('YOTI_IDENTITY_PROFILE was checked before config');
    return {
      apiUrl: env.YOTI_API_URL,
      sdkId: env.YOTI_SDK_ID,
      pem: new Secret(env.YOTI_PEM),
      webUrl: env.YOTI_WEB_URL,
      notificationToken: new Secret(env.YOTI_NOTIFICATION_TOKEN),
      defaultProfile: profile.requirements,
    };
  },
  createAdapter: createYotiAdapter,
  // Yoti's user view runs in the widget's frame; everything it loads is the frame's own business.
  csp: ({ webUrl }) => ({ 'frame-src': [originOf(webUrl)] }),
});
