// Picks the catalogue for a locale and fills messages. The core has English's interface words
// (enCore); each complete catalogue, English's with its error words too, is a chunk loaded on demand.
import { enCore, type Messages, type UiKey } from './en-core.js';

export type { Messages, UiKey };
export { enCore };

export type Catalogue = 'en' | 'es';

export interface ResolvedLocale {
  /** Which message catalogue to show. */
  catalogue: Catalogue;
  /** The tag to format with (country names) and to record with a consent: the request when its
   * language is the catalogue's (`es-MX`), else the catalogue itself, so text and names agree. */
  tag: string;
  /** The language asked for, though no catalogue has it (`sv-SE`): for drivers that carry words of their own. */
  requested: string;
}

/** The first usable of the candidates (attribute, session, browser), mapped to a catalogue. */
export function resolveLocale(...candidates: Array<string | null | undefined>): ResolvedLocale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    let tag: string;
    try {
      tag = Intl.getCanonicalLocales(candidate)[0] ?? '';
    } catch {
      continue; // not a BCP 47 tag: try the next source
    }
    const language = tag.split('-')[0]!.toLowerCase();
    if (language === 'es') return { catalogue: 'es', tag, requested: tag };
    return { catalogue: 'en', tag: language === 'en' ? tag : 'en', requested: tag };
  }
  return { catalogue: 'en', tag: 'en', requested: 'en' };
}

export async function loadMessages(catalogue: Catalogue): Promise<Messages> {
  if (catalogue === 'es') return (await import('./es.js')).es;
  return (await import('./en.js')).en;
}

/** Fills `{name}` placeholders; an unknown placeholder is left visible rather than blanked. */
export function format(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The person-facing text of an error code, with a generic line for codes added later. */
export function errorText(messages: Messages, code: string): string {
  return (messages.errors as Partial<Record<string, string>>)[code] ?? messages.ui.error_unknown;
}
