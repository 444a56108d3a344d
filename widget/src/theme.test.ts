// Both themes meet WCAG AA contrast for every text colour and every control boundary.
import { describe, expect, it } from 'vitest';
import { contrast, THEMES, themeDeclarations } from './theme.js';

describe.each(Object.entries(THEMES))('the %s theme', (_, t) => {
  it.each(['text', 'muted', 'accent', 'danger', 'success'] as const)('%s text reaches 4.5:1 on background and surface', (key) => {
    expect(contrast(t[key], t.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(t[key], t.surface)).toBeGreaterThanOrEqual(4.5);
  });

  it('text on the accent (primary buttons, selected options) reaches 4.5:1', () => {
    expect(contrast(t['accent-text'], t.accent)).toBeGreaterThanOrEqual(4.5);
  });

  it('control borders and the focus ring reach 3:1 on the background', () => {
    expect(contrast(t.border, t.background)).toBeGreaterThanOrEqual(3);
    expect(contrast(t.focus, t.background)).toBeGreaterThanOrEqual(3);
    expect(contrast(t.focus, t.surface)).toBeGreaterThanOrEqual(3);
  });
});

describe('contrast', () => {
  it('matches the WCAG reference values', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('declares every token as an overridable custom property', () => {
    expect(themeDeclarations(THEMES.light)).toContain('--_accent: var(--identity-verify-color-accent, #0b57d0);');
  });
});
