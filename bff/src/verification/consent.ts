// Consent policy: which notices a provider needs before it may start, which providers a person
// may still choose, and recording each decision (with what it ends).
import { crashPoint } from '../resilience/crash-point.js';
import type { ConsentDecision, ConsentNotice, DELEGATION_NOTICE } from '@identity-verify/contract/vocabulary';
import type { ConsentRequest, ProviderCatalogueEntry } from '@identity-verify/contract/schemas';
import { ApiError } from '../errors.js';
import { unknownNoticeReason } from '../providers/notices.js';
import { catalogueEntry, noticesFor, providersFor } from '../providers/registry.js';
import type { ProviderAdapter } from '../providers/types.js';
import { sha256Hex } from '../security/tokens.js';
import { OPEN_ATTEMPT_STATUSES, type ConsentRow } from '../store/schema.js';
import type { AttemptRecord, SessionRecord } from '../store/store.js';
import { capReached, SESSION_CAPS } from './caps.js';
import type { Core } from './core.js';

/** Each notice's latest decision: a later decision replaces an earlier one. */
function latestDecisions(consents: readonly ConsentRow[]): Map<ConsentNotice, ConsentDecision> {
  return new Map(consents.map((c) => [c.notice as ConsentNotice, c.decision as ConsentDecision]));
}

/** What a store transaction hands its callback. */
type Transaction = Parameters<Parameters<Core['store']['transaction']>[0]>[0];

/**
 * Records a person's decision on the words they were shown (a notice, or a delegation's scopes)
 * and audits it: the text by its hash, the IP address and browser sealed as personal data, opened
 * only for the host's consent receipts.
 */
export async function writeDecision(
  tx: Transaction,
  pii: Core['pii'],
  sessionId: string,
  input: { notice: ConsentNotice | typeof DELEGATION_NOTICE; version: string; text: string; locale: string; decision: ConsentDecision },
  client: { ip: string | null; userAgent: string | null },
): Promise<ConsentRow> {
  const row = await tx.recordConsent({
    session_id: sessionId,
    notice: input.notice,
    version: input.version,
    text: input.text,
    text_sha256: sha256Hex(input.text),
    locale: input.locale,
    decision: input.decision,
    ip: client.ip === null ? null : pii.seal(client.ip, sessionId),
    user_agent: client.userAgent ? pii.seal(client.userAgent.slice(0, 512), sessionId) : null,
  });
  await tx.audit({ session_id: sessionId, actor: 'person', action: 'consent.recorded', detail: { notice: input.notice, version: input.version, decision: input.decision } });
  return row;
}

export function createConsentPolicy({ store, providers, pii, signals, nowIso, requireOpen, abandonAtProviders, endAttempt }: Core) {
  /**
   * Consent before capture, enforced here for every call that reaches a provider: each notice
   * the provider needs for this session and country must have an acceptance as its latest
   * decision. Answers the notices accepted, for the provider to be told of the consent.
   */
  async function requireNotices(s: SessionRecord, adapter: ProviderAdapter, consents?: readonly ConsentRow[]): Promise<ConsentNotice[]> {
    const decisions = latestDecisions(consents ?? (await store.listConsents(s.id)));
    const missing = noticesFor(adapter, s.requirements, s.country_of_residence).filter((n) => decisions.get(n) !== 'accepted');
    if (missing.length) {
      throw new ApiError('biometric_consent_required', undefined, { notices: missing, provider_key: adapter.key });
    }
    return [...decisions].filter(([, d]) => d === 'accepted').map(([n]) => n);
  }

  /** The providers this person may still choose: a provider whose notice they declined is not offered again. */
  function available(s: SessionRecord, country: string | null, consents: readonly ConsentRow[]): ProviderCatalogueEntry[] {
    const decisions = latestDecisions(consents);
    return providersFor(providers, s.requirements, country)
      .map((adapter) => catalogueEntry(adapter, s.requirements, noticesFor(adapter, s.requirements, country)))
      .filter((entry) => !entry.notices.some((n) => decisions.get(n) === 'declined'));
  }

  async function recordConsent(session: SessionRecord, input: ConsentRequest, client: { ip: string | null; userAgent: string | null }) {
    const s = await requireOpen(session);
    // Evidence only of what the widget shows: a made-up version or text is refused, not recorded.
    const unknown = unknownNoticeReason(input, s.requirements.layer, providers.values());
    if (unknown) throw new ApiError('validation_failed', undefined, { issues: [{ path: 'body.text', message: unknown }] });
    const ended: AttemptRecord[] = [];
    const recorded = await store.transaction(async (tx) => {
      await tx.lockSession(s.id);
      if ((await tx.countOf('consents', s.id)) >= SESSION_CAPS.consents) throw capReached('consents');
      const row = await writeDecision(tx, pii, s.id, input, client);
      const cancel = async (reason: string) => {
        await tx.updateSession(s.id, { status: 'canceled', last_error_code: 'consent_declined', last_error_reason: reason, completed_at: nowIso() }, [s.status]);
        for (const attempt of await tx.openAttempts(s.id)) {
          if (await endAttempt(tx, s.id, attempt, OPEN_ATTEMPT_STATUSES, 'canceled')) ended.push(attempt);
        }
      };
      if (input.notice === 'privacy_notice' && input.decision === 'declined') await cancel('The person declined the privacy notice.');
      if (input.notice !== 'privacy_notice' && input.decision === 'declined') {
        // A provider needing the declined notice is not started (nothing is created there) and
        // not offered again; the person ends here only when no other way is left.
        for (const attempt of await tx.openAttempts(s.id)) {
          const adapter = providers.get(attempt.provider_key);
          if (adapter && noticesFor(adapter, s.requirements, s.country_of_residence).includes(input.notice)) {
            if (await endAttempt(tx, s.id, attempt, ['starting', 'pending'], 'superseded')) ended.push(attempt);
          }
        }
        if (s.country_of_residence && available(s, s.country_of_residence, await tx.listConsents(s.id)).length === 0) {
          await cancel('The person declined a notice that every provider left for them requires.');
        }
      }
      const status = (await tx.getSession(s.id))!.status;
      return { row, status };
    });
    signals.notify(s.id);
    await abandonAtProviders(s, ended);
    return recorded;
  }

  async function setResidence(session: SessionRecord, country: string): Promise<void> {
    const s = await requireOpen(session);
    const ended: AttemptRecord[] = [];
    await store.transaction(async (tx) => {
      await tx.lockSession(s.id);
      await tx.updateSession(s.id, { country_of_residence: country });
      // A new country can change which providers and notices apply: earlier attempts end.
      if (s.country_of_residence !== country) {
        for (const a of await tx.openAttempts(s.id)) {
          if (await endAttempt(tx, s.id, a, ['starting', 'pending'], 'superseded')) ended.push(a);
        }
      }
      await tx.audit({ session_id: s.id, actor: 'person', action: 'residence.set' });
    });
    crashPoint('after_ending_write');
    signals.notify(s.id);
    await abandonAtProviders(s, ended);
  }

  return { requireNotices, available, recordConsent, setResidence };
}

export type ConsentPolicy = ReturnType<typeof createConsentPolicy>;
