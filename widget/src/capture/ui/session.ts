// Runs the capture machine's effects: prepares each photo (compression), uploads it through the
// driver's `upload`, reports the end to the flow. DOM-free (compress and upload are injected), so
// retries, aborts and teardown are tested in node. One piece of work runs at a time, and a
// teardown aborts it and drops every photo.
import type { NativeCaptureClient } from '@identity-verify/contract/schemas';
import { isFatalCode } from '../../api/errors.js';
import type { DriverCallbacks, DriverOptions } from '../../drivers/driver.js';
import type { CompressCall, CompressResult } from '../compress.js';
import { DEFAULT_MAX_LONG_EDGE } from '../compress-core.js';
import { initialState, transition, type CaptureEvent, type CaptureState, type DocumentType, type PhotoProblem, type Side } from './machine.js';

export interface SessionDeps {
  client: Pick<NativeCaptureClient, 'document_types' | 'selfie' | 'max_bytes' | 'min_long_edge' | 'limits'>;
  compress(file: Blob, call: CompressCall): Promise<CompressResult>;
  upload: DriverOptions['upload'];
  callbacks: Pick<DriverCallbacks, 'complete' | 'leave' | 'error'>;
}

/** Compression failures the person can act on (another photo); the rest are our bug. */
const PHOTO_PROBLEMS: ReadonlySet<string> = new Set<PhotoProblem>(['unsupported_format', 'undecodable', 'too_large', 'too_small']);
/** Upload failures after which this attempt cannot go on here: the flow shows them. */
const isFatal = (code: string) => isFatalCode(code) || code === 'session_closed';

const codeOf = (error: unknown): string | null => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : null;
};

/** The provider's size window for one side; a BFF from before `limits` gives only its smallest maximum. */
export function limitsFor(client: SessionDeps['client'], side: Side): { min_bytes: number; max_bytes: number } {
  return client.limits?.[side] ?? { min_bytes: 0, max_bytes: client.max_bytes };
}

/** An upload's failure as the capture treats it: its code, or a network failure. */
function uploadFailureOf(error: unknown): string {
  return codeOf(error) ?? 'network_error';
}

export class CaptureSession {
  readonly #deps: SessionDeps;
  #state: CaptureState;
  readonly #listeners = new Set<(state: CaptureState) => void>();
  /** The compression or upload in flight; aborted when the person moves on or the capture ends. */
  #work: AbortController | null = null;

  constructor(deps: SessionDeps) {
    this.#deps = deps;
    this.#state = initialState(deps.client);
  }

  get state(): CaptureState {
    return this.#state;
  }

  subscribe(listener: (state: CaptureState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  choose(document_type: DocumentType): void {
    this.#send({ type: 'choose', document_type });
  }

  /** A photo from the camera (a promise: the frame is still being encoded) or a chosen file. */
  take(photo: Blob | Promise<Blob>): void {
    const before = this.#state;
    if (!this.#send({ type: 'shutter' }) || before.screen !== 'shoot') return;
    const signal = this.#begin();
    const { client } = this.#deps;
    const { min_bytes, max_bytes } = limitsFor(client, before.plan.sides[before.index]!);
    // compress() refuses a max edge below the min one: a provider asking for more than the default max gets it.
    const maxLongEdge = Math.max(DEFAULT_MAX_LONG_EDGE, client.min_long_edge);
    const call = { maxBytes: max_bytes, minBytes: min_bytes, minLongEdge: client.min_long_edge, maxLongEdge, signal };
    // A frame that could not be encoded fails like any other error without a code: capture_failed.
    Promise.resolve(photo).then((blob) => this.#deps.compress(blob, call)).then(
      ({ blob, width, height }) => this.#finish(signal, { type: 'prepared', photo: { blob, width, height } }),
      (error: unknown) => {
        if (signal.aborted) return;
        const code = codeOf(error);
        if (code === 'invalid_options') {
          // The BFF sent limits compress() refuses: no photo can satisfy them.
          this.destroy();
          this.#deps.callbacks.error('driver_failed');
          return;
        }
        const problem = code && PHOTO_PROBLEMS.has(code) ? (code as PhotoProblem) : 'capture_failed';
        this.#finish(signal, { type: 'prepare_failed', problem });
      },
    );
  }

  retake(): void {
    this.#abortWork();
    this.#send({ type: 'retake' });
  }

  accept(): void {
    if (this.#send({ type: 'accept' })) this.#upload();
  }

  /** Sends the same photo again after a failed upload. */
  retry(): void {
    if (this.#send({ type: 'retry' })) this.#upload();
  }

  /** The person leaves the capture: nothing more is sent, and the flow is told. */
  cancel(): void {
    if (this.#state.screen === 'ended') return;
    this.destroy();
    this.#deps.callbacks.leave();
  }

  /** Aborts the work in flight and drops every photo; silent: the flow ended it. */
  destroy(): void {
    this.#abortWork();
    this.#send({ type: 'end' });
    this.#listeners.clear();
  }

  #upload(): void {
    const state = this.#state;
    if (state.screen !== 'upload') return;
    const signal = this.#begin();
    const side = state.plan.sides[state.index]!;
    const image = { side, blob: state.photo.blob, ...(side === 'selfie' ? {} : { document_type: state.plan.document_type }) };
    const progress = (sent: number, total: number) => !signal.aborted && this.#send({ type: 'progress', sent, total });
    let upload: Promise<void>;
    try {
      upload = this.#deps.upload(image, progress, signal);
    } catch (error) {
      upload = Promise.reject(error);
    }
    upload.then(
      () => {
        this.#finish(signal, { type: 'uploaded' });
        if (!signal.aborted && this.#state.screen === 'done') this.#deps.callbacks.complete();
      },
      (error: unknown) => {
        if (signal.aborted) return; // torn down or moved on: nobody is waiting for this answer
        const code = uploadFailureOf(error);
        this.#finish(signal, { type: 'upload_failed', code });
        if (isFatal(code)) {
          this.destroy();
          this.#deps.callbacks.error(code);
        }
      },
    );
  }

  #begin(): AbortSignal {
    this.#abortWork();
    this.#work = new AbortController();
    return this.#work.signal;
  }

  /** Applies the outcome of the work `signal` belongs to, unless that work was abandoned. */
  #finish(signal: AbortSignal, event: CaptureEvent): void {
    if (signal.aborted) return;
    if (this.#work?.signal === signal) this.#work = null;
    this.#send(event);
  }

  #abortWork(): void {
    this.#work?.abort();
    this.#work = null;
  }

  /** Applies `event`; false when it did not apply to the current state. */
  #send(event: CaptureEvent): boolean {
    const next = transition(this.#state, event, this.#deps.client.selfie);
    if (next === this.#state) return false;
    this.#state = next;
    for (const listener of [...this.#listeners]) listener(next);
    return true;
  }
}
