// The widget's DOM events: names and detail shapes. Every event bubbles and crosses the shadow
// boundary (composed), and carries ids, steps, statuses and codes only: never PII or images.
import type { ConsentDecision, ConsentNotice, DELEGATION_NOTICE, SessionStatusValue } from './vocabulary.js';
import type { PublicErrorCode } from './errors.js';

export const WIDGET_STEPS = [
  'loading',
  'consent',
  'country',
  'provider',
  'notice',
  'provider_step',
  'submitting',
  /** A delegation service's question on its scopes, once the person is verified (before the result). */
  'delegation',
  'result',
  'error',
] as const;
export type WidgetStep = (typeof WIDGET_STEPS)[number];

export interface WidgetEventDetails {
  'identity-verify-ready': { session_id: string; step: WidgetStep };
  'identity-verify-step': { session_id: string | null; step: WidgetStep; previous: WidgetStep | null };
  /** A notice decision, or (`delegation`) the decision on the scopes a delegation service asks. */
  'identity-verify-consent': { session_id: string; notice: ConsentNotice | typeof DELEGATION_NOTICE; decision: ConsentDecision };
  'identity-verify-complete': { session_id: string; status: SessionStatusValue };
  'identity-verify-error': { session_id: string | null; code: PublicErrorCode | (string & {}) };
  'identity-verify-cancel': { session_id: string; reason: 'consent_declined' | 'user_canceled' };
}
export type WidgetEventName = keyof WidgetEventDetails;
export const WIDGET_EVENT_NAMES = [
  'identity-verify-ready',
  'identity-verify-step',
  'identity-verify-consent',
  'identity-verify-complete',
  'identity-verify-error',
  'identity-verify-cancel',
] as const satisfies readonly WidgetEventName[];

declare global {
  interface HTMLElementEventMap {
    'identity-verify-ready': CustomEvent<WidgetEventDetails['identity-verify-ready']>;
    'identity-verify-step': CustomEvent<WidgetEventDetails['identity-verify-step']>;
    'identity-verify-consent': CustomEvent<WidgetEventDetails['identity-verify-consent']>;
    'identity-verify-complete': CustomEvent<WidgetEventDetails['identity-verify-complete']>;
    'identity-verify-error': CustomEvent<WidgetEventDetails['identity-verify-error']>;
    'identity-verify-cancel': CustomEvent<WidgetEventDetails['identity-verify-cancel']>;
  }
}
