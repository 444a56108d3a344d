// The configured providers, and the catalogue filtered by a session's requirements and the
// person's country of residence.
import { faceCheckOf, meetsAssurance, type ConsentNotice, type ProviderKey } from '@identity-verify/contract/vocabulary';
import type { ProviderCatalogueEntry, Requirements } from '@identity-verify/contract/schemas';
import type { BffConfig } from '../config.js';
import { createTurnstileAdapter } from './turnstile.js';
import { createStripeAdapter } from './stripe.js';
import { createOnfidoAdapter } from './onfido.js';
import { createSignicatAdapter } from './signicat.js';
import type { AdapterDeps, ProviderAdapter } from './types.js';

export type ProviderRegistry = ReadonlyMap<ProviderKey, ProviderAdapter>;

export function createProviderRegistry(config: BffConfig, deps: AdapterDeps): ProviderRegistry {
  const adapters: ProviderAdapter[] = [];
  if (config.providers.turnstile) adapters.push(createTurnstileAdapter(config.providers.turnstile, deps));
  if (config.providers.stripe) adapters.push(createStripeAdapter(config.providers.stripe, deps));
  if (config.providers.onfido) adapters.push(createOnfidoAdapter(config.providers.onfido, deps));
  if (config.providers.signicat) adapters.push(createSignicatAdapter(config.providers.signicat, deps));
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
