// The writing direction of a language's text, apart from ./index.ts so the drivers that carry words
// of their own (the capture, Yoti, BankID) can set it without importing the catalogue map.

/** Right to left for Arabic and Hebrew, whatever the region. */
export const directionOf = (tag: string): 'rtl' | 'ltr' => (/^(ar|he)\b/i.test(tag) ? 'rtl' : 'ltr');
