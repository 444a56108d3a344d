// Our capture's client: each side's size window, and a client from a BFF before windows still read.
import { describe, expect, it } from 'vitest';
import { NativeCaptureClientSchema } from './native-capture.js';

const base = { provider_key: 'signicat_onfido', flow: 'native_capture', document_types: ['passport'], selfie: true, max_bytes: 3 << 20, min_long_edge: 1600 };
const window = (min_bytes: number, max_bytes: number) => ({ min_bytes, max_bytes });

describe('NativeCaptureClientSchema', () => {
  it('carries a size window for each side', () => {
    const limits = { document_front: window(2048, 3 << 20), document_back: window(2048, 3 << 20), selfie: window(32 << 10, 10 << 20) };
    expect(NativeCaptureClientSchema.parse({ ...base, limits })).toEqual({ ...base, limits });
  });

  it('reads a client without windows (a BFF from before them), and refuses a window missing a side or a bound', () => {
    expect(NativeCaptureClientSchema.parse(base)).toEqual(base);
    expect(NativeCaptureClientSchema.safeParse({ ...base, limits: { document_front: window(1, 2), selfie: window(1, 2) } }).success).toBe(false);
    expect(NativeCaptureClientSchema.safeParse({ ...base, limits: { document_front: { max_bytes: 2 }, document_back: window(1, 2), selfie: window(1, 2) } }).success).toBe(false);
  });
});
