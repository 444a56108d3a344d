// Every stylesheet of the widget (the element's, a driver's, the capture's) lays out with logical
// properties, so a right-to-left catalogue (Arabic, Hebrew) mirrors it with nothing more than `dir`.
// It walks the sources, so a stylesheet added later is covered the day it exists.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));
const sources = (readdirSync(SRC, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
const stylesheets = sources.flatMap((file) => [...readFileSync(join(SRC, file), 'utf8').matchAll(/\bcss`([^`]*)`/g)].map((m) => ({ file, css: m[1]! })));

/** A physical side or corner, where a logical one (margin-inline-start, inset-block-end…) follows the text's direction. */
const PHYSICAL = /\b(?:margin|padding|border|inset|scroll-margin|scroll-padding)-(?:left|right|top|bottom)\b|(?:^|[\s;{])(?:left|right|top|bottom)\s*:|\b(?:text-align|float|clear)\s*:\s*(?:left|right)\b/;

describe('the widget\'s stylesheets', () => {
  it('are found', () => {
    expect(stylesheets.map((s) => s.file)).toEqual(expect.arrayContaining(['styles.ts', join('capture', 'ui', 'styles.ts')]));
  });

  it.each(stylesheets.map((s) => [s.file, s.css] as const))('%s uses logical properties only', (_, css) => {
    const lines = css.split('\n').filter((line) => PHYSICAL.test(line.replace(/\/\*.*?\*\//g, '')));
    expect(lines).toEqual([]);
  });

  it('the pattern catches what it is for', () => {
    for (const bad of ['margin-left: 1em;', 'padding-right:0', '  left: 0;', 'border-top-left-radius: 2px;', 'text-align: right;', 'float: left;']) expect(bad, bad).toMatch(PHYSICAL);
    for (const good of ['margin-inline-start: 1em;', 'inset: 0;', 'inset-inline-end: 0;', 'text-align: start;', '--left-pad: 1px;']) expect(good, good).not.toMatch(PHYSICAL);
  });
});
