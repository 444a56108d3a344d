// The policy builder: only origins (never paths) in the policy, nothing framed without
// Turnstile, and a misconfigured origin caught at start rather than in the browser.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp.js';

describe('contentSecurityPolicy', () => {
  it('names origins only, even when given URLs with paths', () => {
    const policy = contentSecurityPolicy({ bffOrigin: 'https://idv.example/api/', providerOrigins: ['https://challenges.cloudflare.com/turnstile/v0/api.js'] });
    expect(policy).toContain("connect-src 'self' https://idv.example;");
    expect(policy).toContain("script-src 'self' https://challenges.cloudflare.com;");
    expect(policy).toContain('frame-src https://challenges.cloudflare.com;');
  });

  it('frames nothing and loads only its own scripts without Turnstile', () => {
    const policy = contentSecurityPolicy({ bffOrigin: 'http://127.0.0.1:8787' });
    expect(policy).toContain("frame-src 'none'");
    expect(policy).toContain("script-src 'self';");
  });

  it('refuses an origin that is not an absolute http(s) URL, naming the option', () => {
    expect(() => contentSecurityPolicy({ bffOrigin: '127.0.0.1:8787' })).toThrow(/bffOrigin/);
    expect(() => contentSecurityPolicy({ bffOrigin: 'http://127.0.0.1:8787', providerOrigins: ['javascript:alert(1)'] })).toThrow(/providerOrigins/);
  });
});
