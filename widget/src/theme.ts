// Colour tokens of the light and dark themes, as data so a test can check their contrast, and
// the custom-property declarations that let a host override each one.

export interface ThemeTokens {
  background: string;
  surface: string;
  text: string;
  muted: string;
  border: string;
  accent: string;
  'accent-text': string;
  danger: string;
  success: string;
  focus: string;
}

// Text colours reach 4.5:1 on background and surface, accent-text 4.5:1 on accent, and border
// and focus 3:1 on background (WCAG 2.2 AA 1.4.3 and 1.4.11); theme.test.ts checks every pair.
export const THEMES: Record<'light' | 'dark', ThemeTokens> = {
  light: {
    background: '#ffffff',
    surface: '#f4f5f7',
    text: '#1b1d21',
    muted: '#4f5660',
    border: '#767c86',
    accent: '#0b57d0',
    'accent-text': '#ffffff',
    danger: '#b3261e',
    success: '#146c2e',
    focus: '#0b57d0',
  },
  dark: {
    background: '#17191d',
    surface: '#23262c',
    text: '#eef0f3',
    muted: '#b4bac3',
    border: '#8a919b',
    accent: '#8ab4f8',
    'accent-text': '#0d1b30',
    danger: '#f2b8b5',
    success: '#8fd6a0',
    focus: '#8ab4f8',
  },
};

/** `--_x: var(--identity-verify-color-x, <theme value>);` for every token. */
export function themeDeclarations(tokens: ThemeTokens): string {
  return Object.entries(tokens)
    .map(([name, value]) => `--_${name}: var(--identity-verify-color-${name}, ${value});`)
    .join('');
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
