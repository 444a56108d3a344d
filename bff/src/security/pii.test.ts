import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPiiBox } from './pii.js';
import { Secret } from './secret.js';

describe('PII at rest', () => {
  const box = createPiiBox(new Secret(randomBytes(32).toString('base64')));

  it('round-trips a value and hides it in the sealed text', () => {
    const sealed = box.seal({ name: 'Ada Lovelace' }, 'ivs_1');
    expect(sealed).not.toContain('Ada');
    expect(box.open(sealed, 'ivs_1')).toEqual({ name: 'Ada Lovelace' });
  });

  it('refuses to open a value sealed for another session', () => {
    const sealed = box.seal({ name: 'Ada' }, 'ivs_1');
    expect(() => box.open(sealed, 'ivs_2')).toThrow();
  });

  it('refuses a key of the wrong size', () => {
    expect(() => createPiiBox(new Secret(Buffer.alloc(16).toString('base64')))).toThrow(/32 bytes/);
  });

  it('never prints a secret', () => {
    const secret = new Secret('sk_live_abcdef');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ secret })).not.toContain('sk_live');
  });
});
