// A BFF for the CDN host page: the stack's BFF allows only the demo's origin (CORS), so the page on
// its own port gets a BFF of its own, development mode, in memory, silent, that allows exactly that
// origin and verifies with Turnstile against a Turnstile emulator (the stack's, or the bench's).
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@identity-verify/bff/config';
import { startBffServer } from '@identity-verify/bff/server';
import { turnstileBffEnv } from '@identity-verify/emulators';

export interface HostBff {
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

export async function startHostBff(pageOrigin: string, turnstileUrl: string): Promise<HostBff> {
  const apiKey = `sk_test_cdn${randomBytes(16).toString('hex')}`;
  const config = loadConfig({
    IDV_MODE: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    IDV_DATA_DIR: ':memory:',
    IDV_LOG: 'silent',
    IDV_API_KEYS: apiKey,
    IDV_ALLOWED_ORIGINS: pageOrigin,
    IDV_PII_KEY: randomBytes(32).toString('base64'),
    ...turnstileBffEnv(turnstileUrl),
  });
  const bff = await startBffServer(config);
  return { url: bff.url, apiKey, close: () => bff.close() };
}
