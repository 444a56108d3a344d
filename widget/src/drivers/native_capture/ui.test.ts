// The capture driver without a browser; the capture itself runs in real Chromium in
// capture/ui/browser.test.ts, and its logic in the capture/ui unit tests. Which clients reach it
// is the registry's (registry.test.ts).
import { describe, expect, it } from 'vitest';
import { mount } from './ui.js';

describe('the capture driver', () => {
  it('defines its element when mounted, not when imported (Lit shims customElements in node)', () => {
    expect(typeof mount).toBe('function');
    expect(customElements.get('identity-verify-capture')).toBeUndefined();
  });
});
