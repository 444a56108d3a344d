// The configured providers, and the catalogue filtered by a session's requirements and the
// person's country of residence.
import { faceCheckOf, meetsAssurance, type ConsentNotice, type ProviderKey } from '@identity-verify/contract/vocabulary';
import type { ProviderCatalogueEntry, Requirements } from '@identity-verify/contract/schemas';
import type { BffConfig } from '../config.js';
import { PROVIDER_MODULES } from './index.js';
import type { ProviderModule, Settings } from './module.js';
import type { AdapterDeps, ProviderAdapter } from './types.js';

export type ProviderRegistry = ReadonlyMap<ProviderKey, ProviderAdapter>;

export function createProviderRegistry(config: BffConfig, deps: AdapterDeps): ProviderRegistry {
  const adapters: ProviderAdapter[] = [];
  for (const module of PROVIDER_MODULES as readonly ProviderModule<ProviderKey, Settings, unknown>[]) {
    // Each config was built by the same module's settings (config.ts), so it fits its factory.
    const providerConfig = (config.providers as Partial<Record<ProviderKey, unknown>>)[module.key];
    if (providerConfig) adapters.push(module.createAdapter(providerConfig, deps));
  }
  return new Map(adapters.map((a) => [a.key, a]));
}

export function catalogueEntry(adapter: ProviderAdapter, requirements: Requirements, notices: ConsentNotice[] = []): ProviderCatalogueEntry {
  const flow = adapter.flowFor?.(requirements) ?? adapter.description.flow;
  return { id: `idp_${adapter.key}`, provider_key: adapter.key, active: true, ...adapter.description, flow, notices };
}

/** The notices a person must accept before `adapter` starts for these requirements and country. */
export function noticesFor(adapter: ProviderAdapter, requirements: Requirements, country: string | null): ConsentNotice[] {
  return country && adapter.requiredNotices ? adapter.requiredNotices(requirements, country) : [];
}

/** The providers that can satisfy these requirements for a resident of `country`. */
export function providersFor(
  registry: ProviderRegistry,
  requirements: Requirements,
  country: string | null,
): ProviderAdapter[] {
  if (country && requirements.allowed_countries.length && !requirements.allowed_countries.includes(country)) return [];
  return [...registry.values()].filter((adapter) => {
    const d = adapter.description;
    if (!d.supported_layers.includes(requirements.layer)) return false;
    if (!meetsAssurance(d.assurance_level, requirements.min_assurance)) return false;
    if (!adapter.faceChecks.includes(faceCheckOf(requirements))) return false;
    if (requirements.accepted_providers.length && !requirements.accepted_providers.includes(adapter.key)) return false;
    if (country && d.coverage !== 'global' && !d.coverage.includes(country)) return false;
    return true;
  });
}
