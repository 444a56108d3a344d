// Start verification and what follows it: the checks Onfido needs before it runs (location,
// the US privacy consent, the images), then pending → processing → the dossier's scenario status
// on the emulator clock, with the "Process complete" event sent on arrival.
import { isIP } from 'node:net';
import { problems } from './errors.js';
import { processCompletedEnvelope, type EnvelopeIdentity, type EventDispatcher } from './events.js';
import { DEPICTIONS, newId, TWO_SIDED, type AssureState, type Depiction, type DossierRecord, type ProcessRecord } from './model.js';

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

export class ProcessLifecycle {
  #timers = new Set<ReturnType<typeof setTimeout>>();
  constructor(private readonly d: LifecycleDeps) {}

  /** Start verification: refuses as Assure would [seed 001], else plans the outcome and moves to processing. */
  start(dossier: DossierRecord, p: ProcessRecord): void {
    if (p.status !== 'pending') throw problems.processNotPending(p.status);
    const residence = residenceOf(p, this.d.ipCountries);
    if (!residence) throw p.location.ipAddress ? problems.locationNotInferable() : problems.locationMissing();
    if (residence.country === 'USA' && hasFace(p) && p.privacyConsent !== true) throw problems.privacyConsentRequired();

    let depictions: Depiction[];
    if (p.sdkCapture) {
      depictions = ['front', ...(twoSided(p) ? ['back' as const] : []), ...(hasFace(p) ? ['selfie' as const] : [])];
    } else {
      if (p.processType === 'documentVideo') throw problems.sdkCaptureMissing();
      // A process without images of its own uses the dossier's [D files in dossier].
      const images = DEPICTIONS.some((k) => p.images[k]) ? p.images : { ...dossier.files };
      const needed: Depiction[] = ['front', ...(twoSided(p) ? ['back' as const] : []), ...(hasFace(p) ? ['selfie' as const] : [])];
      const missing = needed.filter((k) => !images[k]);
      if (missing.length) throw problems.imagesMissing(missing.map((k) => k.toUpperCase()));
      p.images = images;
      depictions = DEPICTIONS.filter((k) => images[k] && (k !== 'selfie' || hasFace(p)));
    }

    const now = this.d.now();
    p.outcome = { status: dossier.scenario, finishAt: now + this.d.processingMs, depictions, documentId: newId(), livePhotoId: newId() };
    p.status = 'processing';
    p.updatedAt = now;
    this.#schedule(p.outcome.finishAt - now);
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
