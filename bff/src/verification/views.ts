// What each reader sees of a session: the host backend (with personal data only on request),
// the widget (statuses, its live attempt, no personal data), and the provider catalogue.
import { isFinalStatus, type ConsentDecision, type ConsentNotice, type ProviderKey } from '@identity-verify/contract/vocabulary';
import type { IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import type { HostSession, PendingVerification, ProviderCatalogueEntry, VerifiedOutputs, WidgetSession } from '@identity-verify/contract/schemas';
import type { SessionRecord } from '../store/store.js';
import { activeView, lastError, pendingView, publicClaim, type Core } from './core.js';
import type { ConsentPolicy } from './consent.js';
import type { Delegation } from './delegation.js';
import { DELEGATION_NOTICE } from '@identity-verify/contract/delegation';

export type HostInclude = 'verified_outputs' | 'sensitive_outputs' | 'images' | 'identity_profile';

export function createViews({ store, providers, pii, isLive, fresh }: Core, { available }: ConsentPolicy, { delegationOf }: Delegation) {
  async function hostView(session: SessionRecord, include: ReadonlySet<HostInclude> = new Set()): Promise<HostSession> {
    const s = await fresh(session);
    const [claims, cleanup, consents] = await Promise.all([store.listClaims(s.id), store.pendingProviderJobs(s.id), store.listConsents(s.id)]);
    const view: HostSession = {
      id: s.id,
      object: 'identity_session',
      reference: s.reference,
      subject: s.subject,
      service_id: s.service_id,
      status: s.status,
      provider_key: s.provider_key as ProviderKey | null,
      requirements: s.requirements,
      locale: s.locale,
      country_of_residence: s.country_of_residence,
      claims: claims.map((c) => ({ id: c.id, ...publicClaim(c), issued_at: c.issued_at })),
      delegation: await delegationOf(s, consents),
      last_error: lastError(s),
      metadata: s.metadata,
      return_url: s.return_url,
      created_at: s.created_at,
      updated_at: s.updated_at,
      expires_at: s.expires_at,
      completed_at: s.completed_at,
      redaction: s.redacted_at ? { status: cleanup.some((j) => j.kind === 'redact') ? 'processing' : 'redacted', redacted_at: s.redacted_at } : null,
      provider_cleanup: cleanup.map((j) => ({ provider_key: j.provider_key as ProviderKey, action: j.kind, tries: j.tries, last_error_code: j.last_error_code })),
      provider_result: s.provider_result,
    };
    if (include.has('verified_outputs')) {
      view.verified_outputs = s.pii_sealed ? (pii.open(s.pii_sealed, s.id) as HostSession['verified_outputs']) : null;
      if (view.verified_outputs) await store.audit({ session_id: s.id, actor: 'host', action: 'verified_outputs.read' });
    }
    if (include.has('sensitive_outputs') || include.has('images')) {
      // Read live from the provider and passed through: sensitive fields are never stored here.
      const attempt = s.status === 'verified' && !s.redacted_at ? (await store.attemptsOf(s.id)).find((a) => a.status === 'succeeded') : undefined;
      const adapter = attempt ? providers.get(attempt.provider_key) : undefined;
      const results = attempt && adapter?.results
        ? await adapter.results({ session: s, attempt, remoteIp: null }, { sensitive: include.has('sensitive_outputs'), images: include.has('images') })
        : {};
      if (include.has('sensitive_outputs')) view.sensitive_outputs = results.sensitive ?? null;
      if (include.has('images')) view.images = results.images ?? [];
      await store.audit({ session_id: s.id, actor: 'host', action: 'results.read', detail: { sensitive: include.has('sensitive_outputs'), images: include.has('images') } });
    }
    if (include.has('identity_profile')) {
      view.identity_profile = await identityProfileOf(s);
      if (view.identity_profile) await store.audit({ session_id: s.id, actor: 'host', action: 'identity_profile.read', detail: { provider_key: s.provider_key } });
    }
    return view;
  }

  /**
   * Seed 004's report of what the provider established: only for a verified identity session
   * (a humanity session keeps nothing of who the person is) not yet redacted, from a provider that
   * establishes an identity.
   */
  async function identityProfileOf(s: SessionRecord): Promise<IdentityProfileReport | null> {
    if (s.status !== 'verified' || s.redacted_at || s.requirements.layer !== 'identity') return null;
    const attempt = (await store.attemptsOf(s.id)).find((a) => a.status === 'succeeded');
    const adapter = attempt ? providers.get(attempt.provider_key) : undefined;
    if (!attempt || !adapter?.identityProfile) return null;
    return adapter.identityProfile({
      session: s,
      attempt,
      remoteIp: null,
      verified: s.pii_sealed ? (pii.open(s.pii_sealed, s.id) as VerifiedOutputs) : null,
      details: s.provider_result,
      verifiedAt: new Date(s.completed_at ?? s.updated_at),
    });
  }

  async function widgetView(session: SessionRecord): Promise<WidgetSession> {
    const s = await fresh(session);
    const [claims, consents, open] = await Promise.all([store.listClaims(s.id), store.listConsents(s.id), store.openAttempts(s.id)]);
    const active = isFinalStatus(s.status) ? undefined : open.find((a) => a.status === 'pending' && isLive(a));
    // Verified with claims the person already held: the widget says so instead of a provider's result.
    const reused = s.status === 'verified' && (await store.reusedClaims(s.id));
    const delegation = await delegationOf(s, consents);
    return {
      id: s.id,
      status: s.status,
      locale: s.locale,
      requirements: { layer: s.requirements.layer, min_assurance: s.requirements.min_assurance },
      allowed_countries: s.requirements.allowed_countries,
      country_of_residence: s.country_of_residence,
      // The delegation decision is told in `delegation`, as the step it is.
      consents: consents.filter((c) => c.notice !== DELEGATION_NOTICE).map((c) => ({ notice: c.notice as ConsentNotice, version: c.version, decision: c.decision as ConsentDecision })),
      active_attempt: active ? activeView(active) : null,
      claims: claims.map(publicClaim),
      reused,
      delegation: delegation && { scopes: delegation.scopes, status: delegation.status },
      last_error: lastError(s),
      expires_at: s.expires_at,
    };
  }

  async function pending(session: SessionRecord): Promise<PendingVerification[]> {
    const s = await fresh(session);
    if (isFinalStatus(s.status)) return [];
    return (await store.openAttempts(s.id)).filter((a) => a.status !== 'starting' && isLive(a)).map(pendingView);
  }

  async function catalogue(session: SessionRecord, country: string | null): Promise<ProviderCatalogueEntry[]> {
    return available(session, country ?? session.country_of_residence, await store.listConsents(session.id));
  }

  return { hostView, widgetView, pending, catalogue };
}
