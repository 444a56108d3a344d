import { describe, expect, it } from 'vitest';
import { API_ERRORS, isApiErrorCode } from './errors.js';

describe('public error registry', () => {
  it('gives every API error a 4xx or 5xx status and a message', () => {
    for (const [code, entry] of Object.entries(API_ERRORS)) {
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      expect(entry.message.length, code).toBeGreaterThan(5);
    }
  });
  it('recognises only registered codes', () => {
    expect(isApiErrorCode('rate_limited')).toBe(true);
    expect(isApiErrorCode('toString')).toBe(false);
  });
});
