// The registered Yoti application the emulator knows: an SDK id and its RSA key pair. Yoti's Hub
// generates the pair and keeps the public half; here one pair is made per process (on first use)
// and shared by every emulator that is not given another, so the wiring can hand the BFF the PEM.
import { generateKeyPairSync } from 'node:crypto';

/** A UUID, like the SDK ids the Hub issues. Fixed, so local settings stay stable between runs. */
export const YOTI_EMULATOR_SDK_ID = '7c1d9b3e-5f2a-4e8b-9a61-0d4c2e7f1b95';

export interface YotiApp {
  readonly sdkId: string;
  /** SPKI PEM: what the emulator verifies request digests with. */
  readonly publicKeyPem: string;
}

export interface YotiAppWithKey extends YotiApp {
  /** PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), as the Hub's download; the BFF signs with it. */
  readonly privateKeyPem: string;
}

let processApp: YotiAppWithKey | undefined;

/** A fresh app key pair (RSA 2048, as the Hub issues). */
export function generateYotiApp(sdkId: string = YOTI_EMULATOR_SDK_ID): YotiAppWithKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { sdkId, publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/** The default app of this process: made once, then the same for every emulator and wiring. */
export function yotiEmulatorApp(): YotiAppWithKey {
  processApp ??= generateYotiApp();
  return processApp;
}

/** A PEM on one line with `\n` escapes, for an env file (the BFF turns them back into newlines). */
export const oneLinePem = (pem: string): string => pem.trim().replace(/\n/g, '\\n');
