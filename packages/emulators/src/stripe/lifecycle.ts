// The VerificationSession state machine: requires_input → processing → verified, or back to
// requires_input with last_error; canceled; redaction processing → redacted. Test-mode outcomes
// (what the hosted page's buttons pick) build the VerificationReport and the collected files.
// Delayed steps (processing, redaction) run when due on the emulator's clock: at the start of
// every request, on settle(), and on a real timer so webhooks go out without further calls.
import type { EmulatorClock } from '../shared/clock.js';
import { errors } from './errors.js';
import {
  LAST_ERROR_CODES,
  newId,
  randomToken,
  reasonFor,
  type DocumentOptions,
  type FileRecord,
  type Outcome,
  type SessionRecord,
  type StripeState,
} from './model.js';
import { buildReport, scrubSession, verifiedOutputs, type CollectedFiles } from './results.js';

export type SessionEventType = `identity.verification_session.${'created' | 'processing' | 'verified' | 'requires_input' | 'canceled' | 'redacted'}`;
export type EventRequest = { id: string | null; idempotency_key: string | null };

export interface LifecycleOptions {
  state: StripeState;
  clock: EmulatorClock;
  /** Seconds a submitted session stays `processing` (default 0: settles right after the response). */
  processingSeconds: number;
  /** Seconds `redaction.status` stays `processing` (Stripe: up to 4 days; default 0). */
  redactionSeconds: number;
  emit(type: SessionEventType, session: SessionRecord, request?: EventRequest): void;
}

/** Failures where the person never submits: no report, the session just records why. */
const SESSION_LEVEL = new Set(['abandoned', 'consent_declined', 'country_not_supported', 'device_not_supported']);
const CLIENT_SECRET_TTL_MS = 24 * 3600_000;
const URL_TTL_MS = 48 * 3600_000;

/** The update parameters, as checked against the spec. */
export interface SessionUpdate {
  type?: string;
  options?: { document?: DocumentOptions | '' };
  metadata?: Record<string, string>;
  provided_details?: { email?: string; phone?: string };
}

export class Lifecycle {
  #jobs: Array<{ due: number; run: () => void; timer: NodeJS.Timeout }> = [];

  constructor(private readonly o: LifecycleOptions) {}

  now = (): number => Math.floor(this.o.clock.now() / 1000);

  emit(type: SessionEventType, s: SessionRecord, request?: EventRequest): void {
    this.o.emit(type, s, request);
  }

  startAttempt(s: SessionRecord): void {
    s.attempt = { clientSecret: `${s.id}_secret_test_${randomToken(32)}`, urlToken: `test_${randomToken(40)}`, startedAt: this.o.clock.now() };
  }

  /** Whether the current attempt's client_secret (24 h) or url (48 h) may still start a submission. */
  usable(s: SessionRecord, credential: 'client_secret' | 'url'): boolean {
    if (s.status !== 'requires_input' || !s.attempt || s.redaction) return false;
    const ttl = credential === 'client_secret' ? CLIENT_SECRET_TTL_MS : URL_TTL_MS;
    return this.o.clock.now() - s.attempt.startedAt < ttl;
  }

  /**
   * Stripe: retrieving a session that awaits input yields a usable client_secret and url, so
   * expired credentials are replaced by a fresh attempt's.
   */
  refreshCredentials(s: SessionRecord): void {
    const stale = !this.usable(s, 'client_secret') || !this.usable(s, 'url');
    if (s.status === 'requires_input' && !s.redaction && stale) this.startAttempt(s);
  }

  /** The outcomes that make sense for this session's checks, "verified" first. */
  outcomes(s: SessionRecord): Outcome[] {
    const doc = s.options.document ?? {};
    const idChecked = s.type === 'id_number' || doc.require_id_number === true;
    return [
      'verified',
      ...LAST_ERROR_CODES.filter((code) => {
        if (code.startsWith('document_')) return s.type === 'document';
        if (code.startsWith('selfie_')) return s.type === 'document' && doc.require_matching_selfie === true;
        if (code.startsWith('id_number_')) return idChecked;
        return true;
      }),
    ];
  }

  /** The person finished the flow with this outcome (hosted page, modal, or a test control). */
  submit(s: SessionRecord, outcome: Outcome): void {
    if (!this.outcomes(s).includes(outcome)) {
      throw new RangeError(`Outcome ${outcome} does not apply to ${s.id}; pick one of ${this.outcomes(s).join(', ')}.`);
    }
    if (SESSION_LEVEL.has(outcome)) {
      s.last_error = { code: outcome, reason: reasonFor(outcome) };
      this.startAttempt(s);
      this.o.emit('identity.verification_session.requires_input', s);
      return;
    }
    const files = this.#collectFiles(s);
    s.status = 'processing';
    s.attempt = null;
    this.o.emit('identity.verification_session.processing', s);
    this.#schedule(this.o.processingSeconds, () => this.#finish(s, outcome, files));
  }

  cancel(s: SessionRecord, request?: EventRequest): void {
    if (s.status !== 'requires_input') throw errors.invalidState('cancel', s.status, ['requires_input']);
    s.status = 'canceled';
    s.attempt = null;
    this.o.emit('identity.verification_session.canceled', s, request);
  }

  /** Values are scrubbed at once; `redaction.status` turns `redacted` (and the event fires) when due. */
  redact(s: SessionRecord, request?: EventRequest): void {
    if (s.redaction) return;
    if (s.status !== 'requires_input' && s.status !== 'verified') throw errors.invalidState('redact', s.status, ['requires_input', 'verified']);
    // Stripe: redacting a session that still awaits input cancels it.
    if (s.status === 'requires_input') this.cancel(s, request);
    scrubSession(this.o.state, s);
    s.redaction = { status: 'processing' };
    this.#schedule(this.o.redactionSeconds, () => {
      s.redaction = { status: 'redacted' };
      this.o.emit('identity.verification_session.redacted', s);
    });
  }

  update(s: SessionRecord, params: SessionUpdate): void {
    if (s.status !== 'requires_input') throw errors.invalidState('update', s.status, ['requires_input']);
    if (params.type && params.type !== s.type) {
      s.type = params.type as SessionRecord['type'];
      s.options = s.type === 'document' ? { document: {} } : { id_number: {} };
    }
    if (params.options) {
      const doc = params.options.document;
      if (doc !== undefined && s.type === 'document') s.options = { document: doc === '' ? {} : doc };
    }
    if (params.metadata) s.metadata = mergeMetadata(s.metadata, params.metadata);
    if (params.provided_details) s.provided_details = { ...s.provided_details, ...params.provided_details };
  }

  /** Runs every delayed step that is due on the emulator's clock, oldest first. */
  settle(): void {
    const now = this.o.clock.now();
    const due = this.#jobs.filter((j) => j.due <= now).sort((a, b) => a.due - b.due);
    this.#jobs = this.#jobs.filter((j) => !due.includes(j));
    for (const job of due) {
      clearTimeout(job.timer);
      job.run();
    }
  }

  clear(): void {
    for (const job of this.#jobs) clearTimeout(job.timer);
    this.#jobs = [];
  }

  #schedule(seconds: number, run: () => void): void {
    const timer = setTimeout(() => this.settle(), Math.max(0, seconds * 1000));
    timer.unref();
    this.#jobs.push({ due: this.o.clock.now() + seconds * 1000, run, timer });
  }

  #collectFiles(s: SessionRecord): CollectedFiles {
    if (s.type !== 'document') return {};
    const make = (purpose: FileRecord['purpose']): string => {
      const id = newId('file');
      const file: FileRecord = { seq: this.o.state.nextSeq(), id, created: this.now(), purpose, filename: `${id}.png`, session: s.id, deleted: false };
      this.o.state.files.set(id, file);
      return id;
    };
    const docType = s.options.document?.allowed_types?.[0] ?? 'driving_license';
    return {
      front: make('identity_document_downloadable'),
      back: docType === 'passport' ? undefined : make('identity_document_downloadable'),
      selfie: s.options.document?.require_matching_selfie ? make('selfie') : undefined,
    };
  }

  #finish(s: SessionRecord, outcome: Outcome, files: CollectedFiles): void {
    if (s.status !== 'processing') return;
    const report = buildReport(this.o.state, s, outcome, files, this.now());
    this.o.state.reports.set(report.id, report);
    s.last_verification_report = report.id;
    if (outcome === 'verified') {
      s.status = 'verified';
      s.last_error = null;
      s.verified_outputs = verifiedOutputs(s);
      this.o.emit('identity.verification_session.verified', s);
    } else {
      s.status = 'requires_input';
      s.last_error = { code: outcome, reason: reasonFor(outcome) };
      s.verified_outputs = null;
      this.startAttempt(s);
      this.o.emit('identity.verification_session.requires_input', s);
    }
  }
}

/** Stripe's metadata update: given keys are set, keys set to '' are removed. */
export function mergeMetadata(current: Record<string, string>, changes: Record<string, string>): Record<string, string> {
  const next = { ...current };
  for (const [k, v] of Object.entries(changes)) {
    if (v === '') delete next[k];
    else next[k] = v;
  }
  return next;
}
