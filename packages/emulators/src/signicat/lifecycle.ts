// Start verification and what follows it: the checks Onfido needs before it runs (location,
// the US privacy consent, the images: set through Assure, or uploaded to Onfido by its SDK and
// read back there), then pending → processing → the dossier's scenario status on the emulator
// clock, with the "Process complete" event sent on arrival.
import { isIP } from 'node:net';
import { problems } from './errors.js';
import { processCompletedEnvelope, type EnvelopeIdentity, type EventDispatcher } from './events.js';
import {
  DEPICTIONS,
  newId,
  TWO_SIDED,
  type AssureState,
  type Depiction,
  type DocumentType,
  type DossierRecord,
  type PlannedOutcome,
  type ProcessRecord,
} from './model.js';
import type { OnfidoMedia } from './onfido-account.js';

export interface LifecycleDeps {
  state: AssureState;
  now(): number;
  processingMs: number;
  dispatcher: EventDispatcher;
  identity: EnvelopeIdentity;
  /** Country Onfido infers for an IP address (ISO-3), for IPs tests care about. */
  ipCountries: Readonly<Record<string, string>>;
}

// Loopback, private, link-local and unspecified addresses say nothing about where someone lives.
const UNROUTABLE = [/^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./, /^0\./, /^::1?$/, /^f[cd][0-9a-f]{2}:/i, /^fe80:/i];

/**
 * The country of residence Onfido would go by: the one given, else the one inferred from the IP
 * address (from `ipCountries`; an unroutable address cannot be placed, any other is placed outside
 * the USA). Null when there is no usable location.
 */
export function residenceOf(p: ProcessRecord, ipCountries: Readonly<Record<string, string>>): { country?: string } | null {
  const { countryOfResidence, ipAddress } = p.location;
  if (countryOfResidence) return { country: countryOfResidence };
  if (!ipAddress || !isIP(ipAddress)) return null;
  if (ipCountries[ipAddress]) return { country: ipCountries[ipAddress] };
  return UNROUTABLE.some((r) => r.test(ipAddress)) ? null : {};
}

const hasFace = (p: ProcessRecord) => p.processType !== 'document';
const twoSided = (p: ProcessRecord) => p.documentType !== undefined && TWO_SIDED.has(p.documentType);
/** The images a process needs: the front, the back of a two-sided document, the selfie when it compares a face. */
const neededDepictions = (p: ProcessRecord): Depiction[] => ['front', ...(twoSided(p) ? ['back' as const] : []), ...(hasFace(p) ? ['selfie' as const] : [])];

/** Onfido's names for Assure's document types [S Onfido document types; the pairing is ours, U]. */
const FROM_ONFIDO_TYPE: Readonly<Record<string, DocumentType>> = {
  passport: 'passport',
  national_identity_card: 'identityCard',
  driving_licence: 'driversLicense',
  residence_permit: 'residencePermit',
};

/** The last uploaded of a list (by created_at, then list order). */
function newest(list: readonly OnfidoMedia[]): OnfidoMedia | undefined {
  let found: OnfidoMedia | undefined;
  for (const m of list) if (!found || (m.created_at ?? '') >= (found.created_at ?? '')) found = m;
  return found;
}

type Plan = Pick<PlannedOutcome, 'depictions'> & Partial<Pick<PlannedOutcome, 'documentId' | 'livePhotoId' | 'documentType'>>;

export class ProcessLifecycle {
  #timers = new Set<ReturnType<typeof setTimeout>>();
  constructor(private readonly d: LifecycleDeps) {}

  /**
   * Start verification: refuses as Assure would [seed 001], else plans the outcome and moves to
   * processing. A process created through a linked Onfido account with no images set through
   * Assure (nor dossier files) takes what Onfido's SDK uploaded, read at Onfido: Assure is then
   * waiting on Onfido, and an Onfido failure is a 502/503 problem with the process left pending.
   */
  async start(dossier: DossierRecord, p: ProcessRecord): Promise<void> {
    this.#checkStartable(p);
    const own = DEPICTIONS.some((k) => p.images[k]);
    const files = DEPICTIONS.some((k) => dossier.files[k]);

    let plan: Plan;
    if (p.sdkCapture) {
      // The completeSdkCapture control: what the SDK would have uploaded, simulated.
      plan = { depictions: neededDepictions(p) };
    } else if (p.onfido && (p.processType === 'documentVideo' || (!own && !files))) {
      plan = await this.#fromOnfido(p);
      // The world may have moved on while Onfido answered: a second start, a deletion, a reset.
      if (this.d.state.dossiers.get(dossier.dossierId) !== dossier || dossier.processes.get(p.processId) !== p) throw problems.processNotFound();
      this.#checkStartable(p);
    } else {
      if (p.processType === 'documentVideo') throw problems.sdkCaptureMissing();
      // A process without images of its own uses the dossier's [D files in dossier].
      const images = own ? p.images : { ...dossier.files };
      const missing = neededDepictions(p).filter((k) => !images[k]);
      if (missing.length) throw problems.imagesMissing(missing.map((k) => k.toUpperCase()));
      p.images = images;
      plan = { depictions: DEPICTIONS.filter((k) => images[k] && (k !== 'selfie' || hasFace(p))) };
    }

    const now = this.d.now();
    p.outcome = {
      status: dossier.scenario,
      finishAt: now + (dossier.processingMs ?? this.d.processingMs),
      depictions: plan.depictions,
      documentId: plan.documentId ?? newId(),
      livePhotoId: plan.livePhotoId ?? newId(),
      ...(plan.documentType ? { documentType: plan.documentType } : {}),
    };
    p.status = 'processing';
    p.updatedAt = now;
    this.#schedule(p.outcome.finishAt - now);
  }

  /** The refusals that need nothing but the process: not pending, no usable location, no US consent. */
  #checkStartable(p: ProcessRecord): void {
    if (p.status !== 'pending') throw problems.processNotPending(p.status);
    const residence = residenceOf(p, this.d.ipCountries);
    if (!residence) throw p.location.ipAddress ? problems.locationNotInferable() : problems.locationMissing();
    if (residence.country === 'USA' && hasFace(p) && p.privacyConsent !== true) throw problems.privacyConsentRequired();
  }

  /**
   * What the SDK uploaded for the process's applicant, as Onfido lists it: a document front (a
   * document without a side counts as its front [U]); its back too when the process's document
   * type has one or the document uploaded is of a two-sided type; a live photo for documentSelfie,
   * a live video for documentVideo. The newest of each is the one verified [U].
   */
  async #fromOnfido(p: ProcessRecord): Promise<Plan> {
    const { applicantId, account } = p.onfido!;
    const video = p.processType === 'documentVideo';
    const captured = await account.captures(applicantId, { livePhotos: p.processType === 'documentSelfie', liveVideos: video });
    const front = newest(captured.documents.filter((d) => d.side !== 'back'));
    const back = newest(captured.documents.filter((d) => d.side === 'back'));
    const face = hasFace(p) ? newest(video ? captured.liveVideos : captured.livePhotos) : undefined;
    const chosen = front?.type ? FROM_ONFIDO_TYPE[front.type] : undefined;
    const needsBack = twoSided(p) || (chosen !== undefined && TWO_SIDED.has(chosen));

    const missing = [
      ...(front ? [] : ['FRONT']),
      ...(needsBack && !back ? ['BACK'] : []),
      ...(hasFace(p) && !face ? [video ? 'VIDEO' : 'SELFIE'] : []),
    ];
    if (missing.length && video) throw problems.sdkCaptureMissing(captured.documents.length || face ? missing : undefined);
    if (missing.length) throw problems.imagesMissing(missing);
    return {
      depictions: ['front', ...(back ? ['back' as const] : []), ...(face ? ['selfie' as const] : [])],
      documentId: front!.id,
      ...(face ? { livePhotoId: face.id } : {}),
      ...(p.documentType === undefined && chosen ? { documentType: chosen } : {}),
    };
  }

  /** Finishes every process whose time has come on the emulator clock, and sends its event. */
  settle(): void {
    const now = this.d.now();
    for (const p of this.d.state.processes()) {
      if (p.status !== 'processing' || !p.outcome || p.outcome.finishAt > now) continue;
      p.status = p.outcome.status;
      p.updatedAt = p.outcome.finishAt;
      this.d.dispatcher.emit(
        processCompletedEnvelope({ externalReference: p.dossierId, processId: p.processId, status: p.status }, now, this.d.identity),
      );
    }
  }

  clear(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  /** Real-time wake-up so events go out without anyone polling; unref'd so tests exit. */
  #schedule(delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.settle();
    }, Math.max(0, delayMs));
    timer.unref?.();
    this.#timers.add(timer);
  }
}
