// The flow's vocabulary: its states, the events that move it, and the errors it shows.
import type {
  ActiveAttempt,
  ProviderCatalogueEntry,
  WidgetSession,
} from '@identity-verify/contract/schemas';
import type { ConsentDecision, ProviderKey } from '@identity-verify/contract/vocabulary';
import type { WidgetEventDetails, WidgetEventName } from '@identity-verify/contract/events';
import type { ErrorCode } from '../api/errors.js';

/** An error shown in place: `retryable` says whether a "try again" can help. */
export interface FlowError {
  code: ErrorCode;
  retryable: boolean;
}

/** How a verification ended, as far as this person is concerned. */
export type Outcome =
  | { kind: 'verified' }
  /** `retry` is false once the session is final (rejected, failed). */
  | { kind: 'failed'; code: ErrorCode; retry: boolean }
  | { kind: 'canceled'; reason: 'consent_declined' | 'user_canceled' }
  | { kind: 'review' }
  | { kind: 'expired' }
  /** A status this bundle does not know yet: the session takes no input from here. */
  | { kind: 'ended'; status: string };

export type FlowState =
  | { step: 'loading' }
  | { step: 'consent'; session: WidgetSession; busy: ConsentDecision | null; error: FlowError | null }
  | { step: 'country'; session: WidgetSession; countries: readonly string[]; busy: boolean; error: FlowError | null }
  | {
      step: 'provider';
      session: WidgetSession;
      country: string;
      /** null while the list loads. */
      providers: readonly ProviderCatalogueEntry[] | null;
      error: FlowError | null;
    }
  | {
      step: 'provider_step';
      session: WidgetSession;
      provider_key: ProviderKey;
      /** Known when chosen from the list; null when resumed from the session alone. */
      provider: ProviderCatalogueEntry | null;
      /** null while the attempt is being initiated. */
      attempt: ActiveAttempt | null;
      /** Bumped to remount the driver (retry after the provider's own check failed). */
      mount: number;
      error: FlowError | null;
    }
  | { step: 'submitting'; session: WidgetSession }
  | { step: 'result'; session: WidgetSession; outcome: Outcome }
  | { step: 'error'; session: WidgetSession | null; error: FlowError };

export type FlowEvent =
  | { type: 'start' }
  | { type: 'consent'; decision: ConsentDecision; version: string; locale: string; text: string }
  | { type: 'country'; country: string }
  | { type: 'provider'; provider_key: ProviderKey }
  | { type: 'back' }
  | { type: 'retry' }
  /** From a driver: a provider token to confirm (inline_token flows). */
  | { type: 'token'; token: string }
  /** From a driver: the provider says its flow is done; the BFF confirms. */
  | { type: 'completed' }
  /** From a driver: its step failed in the browser. */
  | { type: 'driver_error'; code: ErrorCode }
  /** From a driver: the person closed the provider's UI. */
  | { type: 'leave' };

/** How the flow reports widget events; the element turns each into a DOM CustomEvent. */
export type EmitFn = <K extends WidgetEventName>(name: K, detail: WidgetEventDetails[K]) => void;
