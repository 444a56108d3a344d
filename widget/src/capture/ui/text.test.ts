// The capture's words: both languages say the same things, with the same placeholders.
import { describe, expect, it } from 'vitest';
import { captureText, fill, subjectOf } from './text.js';

const placeholders = (value: unknown): string[] =>
  typeof value === 'string' ? (value.match(/\{\w+\}/g) ?? []).sort() : Object.values(value as object).flatMap(placeholders);

describe('captureText', () => {
  it('falls back to English for a language it does not have', () => {
    expect(captureText('fr').lang).toBe('en');
    expect(captureText('es').lang).toBe('es');
  });

  it('Spanish has every entry English has, with the same placeholders', () => {
    const en = captureText('en') as unknown as Record<string, unknown>;
    const es = captureText('es') as unknown as Record<string, unknown>;
    for (const key of Object.keys(en)) {
      expect(es[key], key).toBeTruthy();
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('names what is photographed for each side', () => {
    const t = captureText('en');
    expect(fill(t.shoot_heading, { subject: t.subjects[subjectOf('document_back', 'driving_licence')] })).toBe(
      'Photograph the back of your driving licence',
    );
    expect(t.subjects[subjectOf('document_front', 'passport')]).toBe('the photo page of your passport');
    expect(fill(t.uploading, { percent: '40%' })).toBe('Uploading… 40%');
    expect(fill('{unknown}', {})).toBe('{unknown}');
  });
});
