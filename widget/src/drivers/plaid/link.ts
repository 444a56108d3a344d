// What the Plaid driver makes of Plaid Link: its script loaded once per page (with the page's CSP
// nonce), what an onExit means for the flow, and which of onEvent's fields may be kept. Pure but
// for the loader, so the mappings are tested in node.
import type { ErrorCode } from '../../api/errors.js';
import { trustedScriptUrl } from '../script-url.js';

/** Link's handler, as `Plaid.create` returns it (plaid-link-web-contract.json). */
export interface LinkHandler {
  open(): void;
  exit(options?: { force?: boolean }): void;
  destroy(): void;
}

/** The error Link's onExit receives (a Plaid error object); only its type and code are read. */
export interface LinkExitError {
  error_type?: unknown;
  error_code?: unknown;
}

export interface LinkConfig {
  token: string;
  onSuccess(publicToken: string | null, metadata: unknown): void;
  onExit(error: LinkExitError | null, metadata: unknown): void;
  onEvent(eventName: string, metadata: unknown): void;
  onLoad?(): void;
}

interface PlaidGlobal {
  create(config: LinkConfig): LinkHandler;
}

declare global {
  interface Window {
    Plaid?: PlaidGlobal;
  }
}

/** What Link's closing means for the flow: left by the person, or an error in public words. */
export type ExitReport = { kind: 'leave' } | { kind: 'refresh' } | { kind: 'error'; code: ErrorCode };

/**
 * Link closed. No error: the person closed it (they may resume). A link token expired or used up:
 * a fresh one from the BFF (a refresh) resumes the same verification. Any other error: a public
 * code chosen by Plaid's type and code, never Plaid's message (it may name the person's data).
 */
export function exitReport(error: LinkExitError | null | undefined): ExitReport {
  if (!error) return { kind: 'leave' };
  const type = String(error.error_type ?? '');
  const code = String(error.error_code ?? '');
  if (code === 'INVALID_LINK_TOKEN') return { kind: 'refresh' };
  if (type === 'RATE_LIMIT_EXCEEDED') return { kind: 'error', code: 'rate_limited' };
  if (code === 'PLANNED_MAINTENANCE' || code === 'INSTITUTION_DOWN') return { kind: 'error', code: 'provider_unavailable' };
  return { kind: 'error', code: 'provider_error' };
}

/** One step of Link's progress: the event's name and the view's, nothing the person typed. */
export interface LinkProgress {
  event: string;
  view: string | null;
}

// Names are Plaid's constants; anything else (a search query, a mask) is never kept.
const NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

export function linkProgress(eventName: unknown, metadata: unknown): LinkProgress | null {
  if (typeof eventName !== 'string' || !NAME.test(eventName)) return null;
  const view = metadata && typeof metadata === 'object' ? (metadata as { view_name?: unknown }).view_name : null;
  return { event: eventName, view: typeof view === 'string' && NAME.test(view) ? view : null };
}

/** Link's events that say the person's verification session at Plaid has ended. */
export function endsSession(progress: LinkProgress): boolean {
  return /^IDENTITY_VERIFICATION_(PASS|FAIL|PENDING_REVIEW)_SESSION$/.test(progress.event);
}

const loading = new Map<string, Promise<PlaidGlobal>>();

/** Loads link-initialize.js with one script element per URL for the page's lifetime; a failed load may be tried again. */
export function loadLink(url: string, nonce: string | null): Promise<PlaidGlobal> {
  const ready = window.Plaid;
  if (typeof ready?.create === 'function') return Promise.resolve(ready);
  let pending = loading.get(url);
  if (!pending) {
    pending = new Promise<PlaidGlobal>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = trustedScriptUrl(url);
      script.async = true;
      if (nonce) script.nonce = nonce; // a host CSP with 'nonce-…' (and no 'strict-dynamic') needs it
      const fail = (message: string) => {
        loading.delete(url);
        script.remove();
        reject(new Error(message));
      };
      script.addEventListener('load', () => {
        const plaid = window.Plaid;
        if (typeof plaid?.create === 'function') resolve(plaid);
        else fail('link-initialize.js did not define window.Plaid.');
      });
      script.addEventListener('error', () => fail('link-initialize.js did not load.'));
      document.head.append(script);
    });
    loading.set(url, pending);
  }
  return pending;
}
