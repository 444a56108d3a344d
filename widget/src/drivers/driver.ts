// What a provider's driver is: a small declaration in the core (how its step presents, its brand,
// the words on its launch control) and a UI loaded only when an attempt needs it, which receives
// its own provider's client type. The element and the steps read only the declaration.
import type { LiveState, NativeCaptureClient, ProviderClient } from '@identity-verify/contract/schemas';
import type { Messages, UiKey } from '../i18n/index.js';
import type { ErrorCode } from '../api/errors.js';

/**
 * How a provider's step shows: `inline` in the widget (Turnstile, our capture, Onfido's SDK),
 * `on_request` behind a launch button (Stripe's modal), `redirect` to the provider's own page.
 */
export type Presentation = 'inline' | 'on_request' | 'redirect';

/** The provider keys with a client of their own in the contract: each has a driver. */
export type DriverKey = Exclude<ProviderClient, NativeCaptureClient>['provider_key'];

/** The client a provider's own driver receives: its provider's shape, never our capture's. */
export type ClientOf<K extends DriverKey> = Extract<Exclude<ProviderClient, NativeCaptureClient>, { provider_key: K }>;

/** How a driver reports back; the element turns each call into a flow event. */
export interface DriverCallbacks {
  /** A token for the BFF to verify (inline_token flows). */
  token(token: string): void;
  /** The provider says its flow finished; the BFF confirms with the provider. */
  complete(): void;
  /** The step failed in the browser: a public error code, never a provider's message. */
  error(code: ErrorCode): void;
  /** The person closed or left the provider's UI. */
  leave(): void;
  /** The provider's credentials expired mid-flow: the flow fetches fresh ones and mounts the driver again. */
  refresh(): void;
}

/** Presentation hints from the element (theme, language) and the host page's CSP nonce. */
export interface DriverOptions {
  theme: 'light' | 'dark' | 'auto';
  /** The widget's language (its catalogue's tag, lower case): what a provider's SDK is set to, so it reads as the widget does. */
  language: string;
  /** The language the page asked for, even one the widget has no catalogue for (`sv-se`): for a driver with words of its own in it (BankID's Swedish). */
  requestedLanguage: string;
  nonce: string | null;
  /** How this attempt's step presents on this page (a provider with a modal and a hosted page: which one). */
  presentation: Presentation;
  /** The person just asked for the provider's UI (a click): open it as soon as it can be. */
  launch: boolean;
  /** The widget's words in the person's language, for our own capture's UI. */
  messages: Messages;
  /** Whether the person may choose a file instead of using the camera (the host's choice). */
  allowFileUpload: boolean;
  /** Sends one image of our own capture to the BFF for this attempt; `progress` hears bytes sent. */
  upload(image: CapturedImage, progress: (sent: number, total: number) => void, signal: AbortSignal): Promise<void>;
  /**
   * Follows the session live (the BFF's events stream) while the driver is mounted: a driver whose
   * attempt changes as the person acts (BankID's animated QR and hints) hears each new client
   * through followClient (./live-client.ts) and is not mounted again.
   */
  follow(onState: (state: LiveState) => void, signal: AbortSignal): Promise<void>;
}

/** One image of our own capture, in memory only. */
export interface CapturedImage {
  side: 'document_front' | 'document_back' | 'selfie';
  document_type?: string;
  blob: Blob;
}

export interface MountedDriver {
  destroy(): void;
}

/** A driver's UI, in a chunk of its own. */
export interface DriverUi<C> {
  /** Renders into `container`, a light-DOM child of the element slotted into its shadow root. */
  mount(container: HTMLElement, client: C, callbacks: DriverCallbacks, options: DriverOptions): MountedDriver;
}

/** A provider's driver as the core knows it: a few words and a loader. */
export interface Driver<K extends DriverKey = DriverKey> {
  provider_key: K;
  /** The provider's name on buttons and links, and in the heading of a step resumed without the catalogue (not translated). */
  brand: string;
  presentation: Presentation;
  /**
   * The words on the control that opens a step on request or by redirect, when not the
   * presentation's own ("Verify with {provider}", "Continue to {provider}"): a message of
   * i18n/en.ts and es.ts, which may name the provider as `{provider}`.
   */
  launchLabel?: UiKey;
  /**
   * The provider's own page for this attempt, for a step that can leave the page: a `redirect`
   * driver's only way, an `on_request` one's when the page prefers a redirect (a WebView, a narrow
   * screen, the host's choice). Null when this attempt has none.
   */
  hostedPage?(client: ClientOf<K>): string | null;
  load(): Promise<DriverUi<ClientOf<K>>>;
}

/** Any one provider's driver, as looked up by a key known only at run time. */
export type AnyDriver = { [K in DriverKey]: Driver<K> }[DriverKey];
