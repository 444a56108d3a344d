// Our capture's flow as data: which photos a document needs, and how each goes from the camera (or
// a file) through review to the BFF. DOM-free and synchronous, so every path is tested in node;
// session.ts runs the effects (compression, upload) and the element only renders the state.
import type { NativeCaptureClient } from '@identity-verify/contract/schemas';
import type { CapturedImage } from '../../drivers/driver.js';

export type DocumentType = NativeCaptureClient['document_types'][number];
export type Side = CapturedImage['side'];

/** A photo ready to upload: compressed, in memory only. */
export interface Photo {
  blob: Blob;
  width: number;
  height: number;
}

/** Why a photo taken or chosen could not be prepared for upload. */
export type PhotoProblem = 'unsupported_format' | 'undecodable' | 'too_large' | 'too_small' | 'capture_failed';

export interface Plan {
  document_type: DocumentType;
  /** The photos to take, in order. */
  sides: readonly Side[];
}

/** An upload that did not go through; `retake` when only a new photo can help. */
export interface UploadFailure {
  code: string;
  retake: boolean;
}

interface AtSide {
  plan: Plan;
  /** Which of `plan.sides` is being taken. */
  index: number;
}

export type CaptureState =
  | { screen: 'choose'; choices: readonly DocumentType[] }
  /** The camera or the file picker; `busy` while a photo is being prepared. */
  | (AtSide & { screen: 'shoot'; busy: boolean; problem: PhotoProblem | null })
  | (AtSide & { screen: 'review'; photo: Photo })
  /** Sending while `failure` is null; `sent`/`total` are bytes as the upload reports them. */
  | (AtSide & { screen: 'upload'; photo: Photo; sent: number; total: number; failure: UploadFailure | null })
  | { screen: 'done' }
  /** Left or torn down: nothing is held any more. */
  | { screen: 'ended' };

export type CaptureEvent =
  | { type: 'choose'; document_type: DocumentType }
  /** A photo was taken or chosen and is being prepared. */
  | { type: 'shutter' }
  | { type: 'prepared'; photo: Photo }
  | { type: 'prepare_failed'; problem: PhotoProblem }
  | { type: 'retake' }
  | { type: 'accept' }
  | { type: 'progress'; sent: number; total: number }
  | { type: 'uploaded' }
  | { type: 'upload_failed'; code: string }
  | { type: 'retry' }
  | { type: 'end' };

/**
 * This picture was refused, by the provider (image_rejected) or by the BFF's check of the
 * provider's size limits (image_too_small, see session.ts; payload_too_large): sending it again
 * cannot help, another picture can.
 */
export const RETAKE_CODES = ['image_rejected', 'image_too_small', 'payload_too_large'] as const;
export type RetakeCode = (typeof RETAKE_CODES)[number];
const isRetakeCode = (code: string): code is RetakeCode => (RETAKE_CODES as readonly string[]).includes(code);

/** Cards have two printed sides; a passport is photographed at its photo page only. */
export function sidesFor(document_type: DocumentType, selfie: boolean): Side[] {
  const sides: Side[] = document_type === 'passport' ? ['document_front'] : ['document_front', 'document_back'];
  if (selfie) sides.push('selfie');
  return sides;
}

type Client = Pick<NativeCaptureClient, 'document_types' | 'selfie'>;

const shoot = (plan: Plan, index: number): CaptureState => ({ screen: 'shoot', plan, index, busy: false, problem: null });

/** Where a capture starts: the document choice, skipped when the session allows only one. */
export function initialState(client: Client): CaptureState {
  const choices = [...new Set(client.document_types)];
  if (choices.length === 1) return shoot({ document_type: choices[0]!, sides: sidesFor(choices[0]!, client.selfie) }, 0);
  return { screen: 'choose', choices };
}

/**
 * The next state, or the same object when the event does not apply to this one (a late
 * answer, a double click): callers compare identity to know whether anything changed.
 */
export function transition(state: CaptureState, event: CaptureEvent, selfie: boolean): CaptureState {
  if (event.type === 'end') return state.screen === 'ended' ? state : { screen: 'ended' };
  switch (state.screen) {
    case 'choose':
      if (event.type !== 'choose' || !state.choices.includes(event.document_type)) return state;
      return shoot({ document_type: event.document_type, sides: sidesFor(event.document_type, selfie) }, 0);
    case 'shoot':
      if (event.type === 'shutter' && !state.busy) return { ...state, busy: true, problem: null };
      if (event.type === 'prepared' && state.busy) return { screen: 'review', plan: state.plan, index: state.index, photo: event.photo };
      if (event.type === 'prepare_failed' && state.busy) return { ...state, busy: false, problem: event.problem };
      return state;
    case 'review':
      if (event.type === 'retake') return shoot(state.plan, state.index);
      if (event.type === 'accept') return { ...state, screen: 'upload', sent: 0, total: state.photo.blob.size, failure: null };
      return state;
    case 'upload':
      return uploading(state, event);
    default:
      return state;
  }
}

function uploading(state: Extract<CaptureState, { screen: 'upload' }>, event: CaptureEvent): CaptureState {
  const sending = state.failure === null;
  switch (event.type) {
    case 'progress':
      return sending ? { ...state, sent: Math.min(event.sent, event.total), total: event.total } : state;
    case 'uploaded':
      if (!sending) return state;
      // The photo is dropped here: the next side starts with nothing held.
      return state.index + 1 < state.plan.sides.length ? shoot(state.plan, state.index + 1) : { screen: 'done' };
    case 'upload_failed':
      return sending ? { ...state, failure: { code: event.code, retake: isRetakeCode(event.code) } } : state;
    case 'retry':
      // The same photo again: the person does not take it twice because the network failed.
      return state.failure && !state.failure.retake ? { ...state, sent: 0, failure: null } : state;
    case 'retake':
      return state.failure ? shoot(state.plan, state.index) : state;
    default:
      return state;
  }
}

/** The share sent, floored to tens: the progress line (a live region) changes at most ten times per upload. */
export function uploadPercent(state: { sent: number; total: number }): number {
  if (state.total <= 0) return 0;
  return Math.min(100, Math.floor((state.sent / state.total) * 10) * 10);
}
