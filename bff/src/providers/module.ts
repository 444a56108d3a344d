// A provider module: all the BFF knows of one provider, declared in the provider's folder and
// listed once (providers/index.ts). config.ts and the registry loop over that list; the rules
// every provider shares (all of the enabling settings or none, https in production, test
// credentials refused in production) are written here once and declared per setting.
import { z } from 'zod';
import type { CspSources } from '@identity-verify/contract/csp';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import type { AdapterDeps, ProviderAdapter } from './types.js';

export interface Setting<T = unknown> {
  /** Parses the environment's string; optional settings carry `.optional()` or `.default()`. */
  schema: z.ZodType<T, string | undefined>;
  /** One of the settings that turn the provider on: all of them, or none may be set. */
  enables?: true;
  /** A URL that must be https when NODE_ENV=production. */
  https?: true;
  /** A provider's published test credentials: fine locally, refused in production. */
  testOnly?: { pattern: RegExp; what: string };
}

export type Settings = Record<string, Setting>;
export type SettingValues<S extends Settings> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

export interface ProviderModule<K extends ProviderKey = ProviderKey, S extends Settings = Settings, C = unknown> {
  key: K;
  /** Its environment settings, by variable name. */
  settings: S;
  /** Rules across settings beyond the declared ones: each problem as one line. */
  check?(values: SettingValues<S>): string[];
  /** The provider's config, built from settings that passed every check (secrets wrapped in Secret). */
  config(values: SettingValues<S>): C;
  createAdapter(config: C, deps: AdapterDeps): ProviderAdapter;
  /**
   * What a host page's Content-Security-Policy must allow for this provider's part in the page (its
   * script, frames, the calls its code makes, its images and workers), read from the config so the
   * emulators' origins stand in locally and the real ones are named in production (GET /v1/widget/csp).
   */
  csp(config: C): CspSources;
  /**
   * The person leaves for the provider's page and comes back to the BFF's callback
   * (`deps.publicUrl` + /v1/providers/<key>/callback), so IDV_PUBLIC_URL is required with it.
   */
  returnsToBff?: true;
}

/** Declares a module with its types inferred from its settings. */
export function defineProvider<K extends ProviderKey, S extends Settings, C>(module: ProviderModule<K, S, C>): ProviderModule<K, S, C> {
  return module;
}

export type ConfigOf<M> = M extends ProviderModule<ProviderKey, Settings, infer C> ? C : never;

const NUMBER_WORDS = ['', 'one', 'both', 'three', 'four', 'five', 'six'];
const listOf = (names: string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/**
 * Reads one provider's settings from a cleaned environment (no empty strings): its config when it
 * is turned on, nothing when none of its settings is set, and every problem otherwise.
 */
export function readProviderSettings<C>(
  module: ProviderModule<ProviderKey, Settings, C>,
  env: Record<string, string>,
  production: boolean,
): { config?: C; problems: string[] } {
  const names = Object.keys(module.settings);
  const enabling = names.filter((name) => module.settings[name]!.enables);
  const given = names.filter((name) => name in env);
  if (!given.length) return { problems: [] };

  const givenEnabling = enabling.filter((name) => name in env);
  if (givenEnabling.length && givenEnabling.length < enabling.length) {
    const all = enabling.length === 2 ? 'set both or neither' : `set all ${NUMBER_WORDS[enabling.length] ?? enabling.length} or none`;
    return { problems: [`${listOf(enabling)}: ${all}`] };
  }
  if (!givenEnabling.length) {
    // Otherwise the provider would silently not be offered, which is hard to tell from a bad setting.
    return { problems: [`${given.join(', ')}: only take effect with ${listOf(enabling)} set`] };
  }

  const shape = Object.fromEntries(names.map((name) => [name, module.settings[name]!.schema]));
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const values = parsed.data as SettingValues<Settings>;

  const problems: string[] = [];
  for (const name of names) {
    const setting = module.settings[name]!;
    const value = values[name];
    if (production && setting.https && typeof value === 'string' && new URL(value).protocol !== 'https:') {
      problems.push(`${name}: must be https in production`);
    }
    if (production && setting.testOnly && typeof value === 'string' && setting.testOnly.pattern.test(value)) {
      problems.push(`${name}: ${setting.testOnly.what} cannot be used in production`);
    }
  }
  problems.push(...(module.check?.(values) ?? []));
  return problems.length ? { problems } : { config: module.config(values), problems };
}

/** The origin of a URL setting, as a CSP source names it. */
export const originOf = (url: string) => new URL(url).origin;

/** An http(s) URL setting; its trailing slashes are dropped so paths can be appended. */
export const baseUrl = () => z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));
