// Picks the catalogue for a locale and fills messages. The core has English's interface words
// (enCore); each complete catalogue, English's with its error words too, is a chunk loaded on demand.
import { enCore, type CompleteMessages, type DelegationKey, type Messages, type UiKey } from './en-core.js';

export type { Messages, UiKey };
export { enCore };

/**
 * Every catalogue, each a chunk of its own (Vite splits each import()): the core carries only
 * this map. A catalogue's name is its `lang`, the tag its words are written in.
 */
const CHUNKS = {
  en: () => import('./en.js'),
  es: () => import('./es.js'),
  fr: () => import('./fr.js'),
  de: () => import('./de.js'),
  it: () => import('./it.js'),
  'pt-BR': () => import('./pt-BR.js'),
  'pt-PT': () => import('./pt-PT.js'),
  nl: () => import('./nl.js'),
  sv: () => import('./sv.js'),
  nb: () => import('./nb.js'),
  da: () => import('./da.js'),
  fi: () => import('./fi.js'),
  pl: () => import('./pl.js'),
  cs: () => import('./cs.js'),
  tr: () => import('./tr.js'),
  ar: () => import('./ar.js'),
  he: () => import('./he.js'),
  ja: () => import('./ja.js'),
  'zh-Hans': () => import('./zh-Hans.js'),
  ko: () => import('./ko.js'),
} satisfies Record<string, () => Promise<{ default: CompleteMessages }>>;

export type Catalogue = keyof typeof CHUNKS;

export const CATALOGUES = Object.keys(CHUNKS) as Catalogue[];

export interface ResolvedLocale {
  /** Which message catalogue to show. */
  catalogue: Catalogue;
  /** The tag to format with (country names) and to set as the element's `lang`: the request when its
   * language is the catalogue's (`es-MX`), else the catalogue itself, so text and names agree. */
  tag: string;
  /** The language asked for, though no catalogue has it (`ru-RU`): for drivers that carry words of their own. */
  requested: string;
}

/**
 * The catalogue for a locale: Portuguese by region, Chinese only in simplified script, Norwegian
 * as Bokmål. Only Portuguese without a region and Chinese without a script are maximized (`pt` is
 * Brazil's, `zh-TW` traditional): the likely-subtags data costs a page some 20 ms to load.
 */
function catalogueOf(locale: Intl.Locale): Catalogue | undefined {
  const { language } = locale;
  if (language === 'pt') return (locale.region ?? locale.maximize().region) === 'BR' ? 'pt-BR' : 'pt-PT';
  if (language === 'zh') return (locale.script ?? locale.maximize().script) === 'Hans' ? 'zh-Hans' : undefined;
  if (language === 'no' || language === 'nn') return 'nb';
  return Object.hasOwn(CHUNKS, language) ? (language as Catalogue) : undefined;
}

/**
 * The first well-formed of the candidates (in the widget: the session's locale, the `locale`
 * attribute, the browser's), mapped to a catalogue; English when it names a language none has.
 */
export function resolveLocale(...candidates: Array<string | null | undefined>): ResolvedLocale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    let tag: string;
    let catalogue: Catalogue | undefined;
    try {
      tag = Intl.getCanonicalLocales(candidate)[0]!;
      catalogue = catalogueOf(new Intl.Locale(tag));
    } catch {
      continue; // not a BCP 47 tag: try the next source
    }
    if (!catalogue) return { catalogue: 'en', tag: 'en', requested: tag };
    return { catalogue, tag: tag.split('-')[0] === catalogue.split('-')[0] ? tag : catalogue, requested: tag };
  }
  return { catalogue: 'en', tag: 'en', requested: 'en' };
}

export async function loadMessages(catalogue: Catalogue): Promise<Messages> {
  return (await CHUNKS[catalogue]()).default;
}

export { directionOf } from './direction.js';

/**
 * A host's own words for some keys, by catalogue (`pt-BR`) or by language for all its catalogues
 * (`pt`): `{"fr": {"ui": {"consent_heading": "…"}, "errors": {"rate_limited": "…"}}}`.
 */
export type Strings = Partial<
  Record<string, { ui?: Partial<Record<UiKey, string>>; errors?: Partial<Record<string, string>>; delegation?: Partial<Record<DelegationKey, string>> }>
>;

/** Only text is taken from a page's words: anything else its JSON holds is ignored. */
const textsOf = (given: unknown): Record<string, string> =>
  given && typeof given === 'object' ? Object.fromEntries(Object.entries(given).filter(([, text]) => typeof text === 'string')) : {};

/**
 * The host's words for the catalogue's language over the catalogue's, key by key, and English's
 * under any key the catalogue lacks. The privacy notice is not among them: the BFF records it as
 * written in the contract.
 */
export function withStrings(m: Messages, strings: Strings | null | undefined): Messages {
  const own = strings?.[m.lang] ?? strings?.[m.lang.split('-')[0]!];
  return {
    ...m,
    ui: { ...enCore.ui, ...m.ui, ...textsOf(own?.ui) },
    errors: { ...enCore.errors, ...m.errors, ...textsOf(own?.errors) },
    ...(m.delegation && { delegation: { ...m.delegation, ...textsOf(own?.delegation) } }),
  };
}

/** Fills `{name}` placeholders; an unknown placeholder is left visible rather than blanked. */
export function format(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The person-facing text of an error code, with a generic line for codes added later. */
export function errorText(messages: Messages, code: string): string {
  return (messages.errors as Partial<Record<string, string>>)[code] ?? messages.ui.error_unknown;
}
