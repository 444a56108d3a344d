// The capture driver's guard without a browser; the capture itself runs in real Chromium in
// capture/ui/browser.test.ts, and its logic in the capture/ui unit tests.
import { describe, expect, it, vi } from 'vitest';
import type { ProviderClient } from '@identity-verify/contract/schemas';
import { en } from '../i18n/en.js';
import { mount } from './capture.js';

const callbacks = () => ({ token: vi.fn(), complete: vi.fn(), error: vi.fn(), leave: vi.fn(), refresh: vi.fn() });
const options = { theme: 'auto' as const, language: 'en', nonce: null, presentation: 'modal' as const, launch: false, messages: en, allowFileUpload: true, upload: vi.fn() };

describe('the capture driver', () => {
  it('defines its element when mounted, not when imported (Lit shims customElements in node)', () => {
    expect(typeof mount).toBe('function');
    expect(customElements.get('identity-verify-capture')).toBeUndefined();
  });

  it('refuses a client of another flow with driver_failed, rendering nothing', () => {
    const cb = callbacks();
    const container = { append: vi.fn() } as unknown as HTMLElement;
    const client = { provider_key: 'turnstile', flow: 'inline_token', sitekey: 'x', script_url: 'https://x', action: 'a', cdata: 'c' } as unknown as ProviderClient;
    const mounted = mount(container, client, cb, options);
    expect(cb.error).toHaveBeenCalledWith('driver_failed');
    expect(container.append).not.toHaveBeenCalled();
    expect(() => mounted.destroy()).not.toThrow();
    expect(options.upload).not.toHaveBeenCalled();
  });
});
