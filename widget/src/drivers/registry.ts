// The seam every provider reuses: a driver per provider_key, each imported only when needed so
// no provider's code is in the core bundle.
import type { ProviderClient } from '@identity-verify/contract/schemas';
import type { FlowKind, ProviderKey } from '@identity-verify/contract/vocabulary';
import type { Messages } from '../i18n/index.js';
import type { ErrorCode } from '../api/errors.js';
import type { Presentation } from './presentation.js';

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
  language: string;
  nonce: string | null;
  /** For providers with a modal and a hosted page: which one this page uses. */
  presentation: Presentation;
  /** The person just asked for the provider's UI (a click): open it as soon as it can be. */
  launch: boolean;
  /** The widget's words in the person's language, for our own capture's UI. */
  messages: Messages;
  /** Whether the person may choose a file instead of using the camera (the host's choice). */
  allowFileUpload: boolean;
  /** Sends one image of our own capture to the BFF for this attempt; `progress` hears bytes sent. */
  upload(image: CapturedImage, progress: (sent: number, total: number) => void, signal: AbortSignal): Promise<void>;
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

export interface Driver {
  /** Renders into `container`, a light-DOM child of the element slotted into its shadow root. */
  mount(container: HTMLElement, client: ProviderClient, callbacks: DriverCallbacks, options: DriverOptions): MountedDriver;
}

const DRIVERS: Partial<Record<ProviderKey, () => Promise<Driver>>> = {
  turnstile: () => import('./turnstile.js'),
  stripe_identity: () => import('./stripe.js'),
  onfido: () => import('./onfido.js'),
  // Assure's SDK variant runs Onfido's own SDK with the process's authorization.
  signicat_onfido: () => import('./onfido.js'),
};
/** Our own capture serves every provider that takes images by API, whoever it is. */
const captureDriver = () => import('./capture.js');

/** What picks a driver: our own capture by its flow, a provider's own UI by the provider. */
export interface DriverTarget {
  provider_key: ProviderKey;
  flow: FlowKind;
}

export function hasDriver(target: DriverTarget): boolean {
  return target.flow === 'native_capture' || target.provider_key in DRIVERS;
}

/** The driver for a provider's flow; rejects when there is none or its chunk cannot be loaded. */
export async function loadDriver(target: DriverTarget): Promise<Driver> {
  const load = target.flow === 'native_capture' ? captureDriver : DRIVERS[target.provider_key];
  if (!load) throw new Error(`No driver for ${target.provider_key}.`);
  return load();
}
