// Encryption of PII at rest (AES-256-GCM). The session id is bound as associated data, so a
// sealed value copied onto another session's row fails to open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Secret } from './secret.js';

export interface PiiBox {
  seal(value: unknown, sessionId: string): string;
  open(sealed: string, sessionId: string): unknown;
}

export function createPiiBox(key: Secret): PiiBox {
  const keyBytes = Buffer.from(key.reveal(), 'base64');
  if (keyBytes.length !== 32) throw new Error('The PII key must be 32 bytes, base64-encoded.');
  return {
    seal(value, sessionId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyBytes, iv);
      cipher.setAAD(Buffer.from(sessionId));
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), Buffer.concat([body, cipher.getAuthTag()]).toString('base64url')].join('.');
    },
    open(sealed, sessionId) {
      const [version, ivText, bodyText] = sealed.split('.');
      if (version !== 'v1' || !ivText || !bodyText) throw new Error('Unknown sealed format.');
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', keyBytes, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(sessionId));
      decipher.setAuthTag(body.subarray(body.length - 16));
      const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
      return JSON.parse(plain.toString('utf8'));
    },
  };
}
