// The widget's Trusted Types policy: made once, on first use, under its documented name, and
// vouching only for http(s) script URLs. (Chromium enforcing it: e2e/specs/cdn.spec.ts.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

interface Made {
  name: string;
  createScriptURL(url: string): string;
}

let made: Made[];
const load = async () => (await import('./script-url.js')).trustedScriptUrl;

beforeEach(() => {
  vi.resetModules();
  made = [];
  vi.stubGlobal('document', { baseURI: 'https://shop.example/checkout' });
});
afterEach(() => vi.unstubAllGlobals());

describe('trustedScriptUrl', () => {
  it('hands the URL on as it is where the browser has no Trusted Types', async () => {
    const trustedScriptUrl = await load();
    expect(trustedScriptUrl('https://challenges.cloudflare.com/turnstile/v0/api.js')).toBe('https://challenges.cloudflare.com/turnstile/v0/api.js');
  });

  it('creates the identity-verify policy once, on first use, and vouches for http(s) URLs', async () => {
    vi.stubGlobal('trustedTypes', {
      createPolicy(name: string, rules: { createScriptURL(url: string): string }) {
        const policy = { name, createScriptURL: (url: string) => `trusted:${rules.createScriptURL(url)}` };
        made.push(policy);
        return policy;
      },
    });
    const trustedScriptUrl = await load();
    expect(made).toEqual([]);
    expect(trustedScriptUrl('https://js.stripe.com/basil/stripe.js')).toBe('trusted:https://js.stripe.com/basil/stripe.js');
    expect(trustedScriptUrl(new URL('http://127.0.0.1:4000/chunks/compress.worker-abc.js'))).toBe('trusted:http://127.0.0.1:4000/chunks/compress.worker-abc.js');
    // Relative to the page, as a script element would read it.
    expect(trustedScriptUrl('/identity-verify.js')).toBe('trusted:/identity-verify.js');
    expect(made.map((p) => p.name)).toEqual(['identity-verify']);
  });

  it('refuses URLs that are not http(s)', async () => {
    vi.stubGlobal('trustedTypes', { createPolicy: (_name: string, rules: { createScriptURL(url: string): string }) => rules });
    const trustedScriptUrl = await load();
    for (const url of ['javascript:alert(1)', 'data:text/javascript,alert(1)', 'blob:https://shop.example/0b1c']) {
      expect(() => trustedScriptUrl(url)).toThrow(TypeError);
    }
  });
});
