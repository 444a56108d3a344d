// The handoff link: the token only in the fragment, the page's own query left out by default, and
// the token read back and taken out again exactly.
import { describe, expect, it } from 'vitest';
import { HANDOFF_FRAGMENT } from '@identity-verify/contract/handoff';
import { HANDOFF_PARAM, handoffLink, tokenOf, withoutToken } from './link.js';

const TOKEN = 'a'.repeat(16) + 'B'.repeat(16);

describe('handoff link', () => {
  it('names the fragment as the contract does', () => {
    expect(HANDOFF_PARAM).toBe(HANDOFF_FRAGMENT);
  });

  it('is this page without its query or fragment, the token in the fragment', () => {
    const link = handoffLink(TOKEN, null, 'https://shop.example/verify?order=42&email=x#step-2');
    expect(link).toBe(`https://shop.example/verify#idv-handoff=${TOKEN}`);
    expect(new URL(link).search).toBe('');
  });

  it('is the handoff-url when the host sets one, relative to the page', () => {
    expect(handoffLink(TOKEN, '/phone?lang=sv', 'https://shop.example/verify')).toBe(`https://shop.example/phone?lang=sv#idv-handoff=${TOKEN}`);
  });

  it('reads the token among other fragment parameters, and nothing that is not one', () => {
    expect(tokenOf(`#idv-handoff=${TOKEN}`)).toBe(TOKEN);
    expect(tokenOf(`#tab=2&idv-handoff=${TOKEN}`)).toBe(TOKEN);
    expect(tokenOf('#idv-handoff=short')).toBeNull();
    expect(tokenOf('#other=1')).toBeNull();
  });

  it('takes the token out of the address, keeping the rest of the fragment', () => {
    expect(withoutToken(`https://shop.example/verify#idv-handoff=${TOKEN}`)).toBe('https://shop.example/verify');
    expect(withoutToken(`https://shop.example/verify?x=1#tab=2&idv-handoff=${TOKEN}`)).toBe('https://shop.example/verify?x=1#tab=2');
  });
});
