// The flow's vocabulary: its states, the events that move it, and the errors it shows.
import type {
  ActiveAttempt,
  ProviderCatalogueEntry,
  WidgetSession,
} from '@identity-verify/contract/schemas';
import type { ConsentDecision, ConsentNotice, ProviderKey } from '@identity-verify/contract/vocabulary';
import type { WidgetEventDetails, WidgetEventName } from '@identity-verify/contract/events';
import type { ErrorCode } from '../api/errors.js';

/** An error shown in place: `retryable` says whether a "try again" can help. */
export interface FlowError {
  code: ErrorCode;
  retryable: boolean;
}

/** How a verification ended, as far as this person is concerned. */
export type Outcome =
  /** `reused`: verified at once with claims the person already held (the host allowed it): no provider step ran. */
  | { kind: 'verified'; reused?: boolean }
  /** `retry` is false once the session is final (rejected, failed). */
  | { kind: 'failed'; code: ErrorCode; retry: boolean }
  | { kind: 'canceled'; reason: 'consent_declined' | 'user_canceled' }
  | { kind: 'review' }
  | { kind: 'expired' }
  /** The provider is still checking after the widget stopped asking; the BFF will learn the result. */
  | { kind: 'processing' }
  /** A status this bundle does not know yet: the session takes no input from here. */
  | { kind: 'ended'; status: string };

export type ProviderPhase = 'ready' | 'open' | 'left';

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
  /** A notice the chosen provider needs accepted before it starts (Onfido's US biometric notice). */
  | {
      step: 'notice';
      session: WidgetSession;
      provider: ProviderCatalogueEntry;
      notice: ConsentNotice;
      busy: ConsentDecision | null;
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
      /** Bumped to remount the driver: a retry, or the provider's UI opened again. */
      mount: number;
      error: FlowError | null;
      /**
       * Where the person is with a provider UI that opens on request (a modal, a hosted page):
       * `ready` until they ask for it, `open` while it is (the driver opens it on mount), `left`
       * after they closed it unfinished (the attempt stays: they may resume or choose another way).
       */
      phase: ProviderPhase;
    }
  | { step: 'submitting'; session: WidgetSession }
  /**
   * The scopes a delegation service asks, once the person is verified: `outcome` is the result
   * shown after their decision (the verification counts whatever they decide).
   */
  | { step: 'delegation'; session: WidgetSession; outcome: Outcome; busy: ConsentDecision | null; error: FlowError | null }
  | { step: 'result'; session: WidgetSession; outcome: Outcome }
  | { step: 'error'; session: WidgetSession | null; error: FlowError };

export type FlowEvent =
  | { type: 'start' }
  | { type: 'consent'; decision: ConsentDecision; version: string; locale: string; text: string }
  | { type: 'country'; country: string }
  | { type: 'provider'; provider_key: ProviderKey }
  | { type: 'back' }
  | { type: 'retry' }
  /** The person asks for the provider's UI (a modal, a hosted page): a click, so a user gesture. */
  | { type: 'launch' }
  /** From a driver: a provider token to confirm (inline_token flows). */
  | { type: 'token'; token: string }
  /** From a driver: the provider says its flow is done; the BFF confirms. */
  | { type: 'completed' }
  /** From a driver: its step failed in the browser. */
  | { type: 'driver_error'; code: ErrorCode }
  /** From a driver: the person closed the provider's UI. */
  | { type: 'leave' }
  /** From a driver: the provider's client credentials expired mid-flow (an Onfido SDK token). */
  | { type: 'refresh' };

/** How the flow reports widget events; the element turns each into a DOM CustomEvent. */
export type EmitFn = <K extends WidgetEventName>(name: K, detail: WidgetEventDetails[K]) => void;
