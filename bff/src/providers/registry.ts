// The configured providers, and the catalogue filtered by a session's requirements and the
// person's country of residence. Trust layers are graduated (seed 003: each layer builds on the
// previous one): a provider is offered for its highest layer and every layer beneath it, and a
// verification there issues the claims of all of them.
import {
  TRUST_LAYERS,
  faceCheckOf,
  meetsAssurance,
  meetsLayer,
  type ClaimType,
  type ConsentNotice,
  type ProviderKey,
  type TrustLayer,
} from '@identity-verify/contract/vocabulary';
import type { ProviderCatalogueEntry, Requirements } from '@identity-verify/contract/schemas';
import type { BffConfig } from '../config.js';
import { PROVIDER_MODULES } from './index.js';
import { noticeTextsOf } from './notices.js';
import type { ProviderModule, Settings } from './module.js';
import type { AdapterDeps, ProviderAdapter, ProviderDescription } from './types.js';

export type ProviderRegistry = ReadonlyMap<ProviderKey, ProviderAdapter>;

export function createProviderRegistry(config: BffConfig, deps: AdapterDeps): ProviderRegistry {
  const adapters: ProviderAdapter[] = [];
  for (const module of PROVIDER_MODULES as readonly ProviderModule<ProviderKey, Settings, unknown>[]) {
    // Each config was built by the same module's settings (config.ts), so it fits its factory.
    const providerConfig = (config.providers as Partial<Record<ProviderKey, unknown>>)[module.key];
    if (!providerConfig) continue;
    const adapter = module.createAdapter(providerConfig, deps);
    // Every reader (the catalogue, initiate's check of the claims asked for) sees the graduated form.
    adapters.push({ ...adapter, description: graduated(adapter.description) });
  }
  return new Map(adapters.map((a) => [a.key, a]));
}

/** The claim a verification at each layer proves. */
export const LAYER_CLAIMS: Readonly<Record<TrustLayer, ClaimType>> = { humanity: 'verified_human', identity: 'verified_identity' };

const layerOfClaim = (claim: ClaimType): TrustLayer => TRUST_LAYERS.find((layer) => LAYER_CLAIMS[layer] === claim)!;

/** The highest of these layers, or null for none. */
export function highestLayer(layers: readonly TrustLayer[]): TrustLayer | null {
  return TRUST_LAYERS.findLast((layer) => layers.includes(layer)) ?? null;
}

/** `layer` and every layer beneath it, lowest first. */
export function layersUpTo(layer: TrustLayer): TrustLayer[] {
  return TRUST_LAYERS.filter((below) => meetsLayer(layer, below));
}

/**
 * Claims with those of every layer beneath the highest one reached, lowest first: a verified
 * identity is a verified human too, whichever provider said so.
 */
export function withImpliedClaims(claims: readonly ClaimType[]): ClaimType[] {
  const reached = highestLayer(claims.map(layerOfClaim));
  return reached ? layersUpTo(reached).map((layer) => LAYER_CLAIMS[layer]) : [];
}

/** A provider's description read as graduated: every layer up to its highest, and their claims. */
export function graduated(description: ProviderDescription): ProviderDescription {
  const top = highestLayer(description.supported_layers);
  if (!top) return description;
  return { ...description, supported_layers: layersUpTo(top), claim_types: withImpliedClaims([...description.claim_types, LAYER_CLAIMS[top]]) };
}

export function catalogueEntry(adapter: ProviderAdapter, requirements: Requirements, notices: ConsentNotice[] = []): ProviderCatalogueEntry {
  const flow = adapter.flowFor?.(requirements) ?? adapter.description.flow;
  return { id: `idp_${adapter.key}`, provider_key: adapter.key, active: true, ...adapter.description, flow, notices, notice_texts: noticeTextsOf(adapter, notices) };
}

/** The notices a person must accept before `adapter` starts for these requirements and country. */
export function noticesFor(adapter: ProviderAdapter, requirements: Requirements, country: string | null): ConsentNotice[] {
  return country && adapter.requiredNotices ? adapter.requiredNotices(requirements, country) : [];
}

/**
 * Whether `adapter` can do the session's face check. The default one (a selfie photo at high
 * assurance) binds a document to the person holding it; a provider that takes no document and
 * no face (BankID proves the holder by their own eID) meets it, and is left out only when a face
 * check is asked for by name.
 */
function meetsFaceCheck(adapter: ProviderAdapter, requirements: Requirements): boolean {
  if (adapter.faceChecks.includes(faceCheckOf(requirements))) return true;
  const takesNoFace = adapter.faceChecks.length === 1 && adapter.faceChecks[0] === 'none';
  return requirements.face_check === undefined && takesNoFace;
}

/**
 * The providers that can satisfy these requirements for a resident of `country`: at or above the
 * layer and the assurance asked for, able to do the face check, accepted, and covering the country.
 */
export function providersFor(
  registry: ProviderRegistry,
  requirements: Requirements,
  country: string | null,
): ProviderAdapter[] {
  if (country && requirements.allowed_countries.length && !requirements.allowed_countries.includes(country)) return [];
  return [...registry.values()].filter((adapter) => {
    const d = adapter.description;
    const top = highestLayer(d.supported_layers);
    if (!top || !meetsLayer(top, requirements.layer)) return false;
    if (!meetsAssurance(d.assurance_level, requirements.min_assurance)) return false;
    if (!meetsFaceCheck(adapter, requirements)) return false;
    if (requirements.accepted_providers.length && !requirements.accepted_providers.includes(adapter.key)) return false;
    if (country && d.coverage !== 'global' && !d.coverage.includes(country)) return false;
    return true;
  });
}
