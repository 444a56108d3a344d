// What the Onfido driver hands the SDK loader and makes of its callbacks, apart from the loader
// itself (which touches window on import) so it is tested in node.
import type { Onfido } from 'onfido-sdk-ui';
import type { OnfidoClient } from '@identity-verify/contract/schemas';
import type { ErrorCode } from '../../api/errors.js';
import type { DriverCallbacks, DriverOptions } from '../driver.js';

export type InitOptions = Parameters<typeof Onfido.init>[0];

/** The SDK's steps for this attempt: the document, then the face variant the session requires. */
export function stepsFor(client: OnfidoClient): Array<string | { type: string; options?: Record<string, unknown> }> {
  return ['document', ...(client.face ? [{ type: 'face', options: { requestedVariant: client.face } }] : [])];
}

/** What an SDK error means for the flow: an expired token is refreshed, anything else is a failed step. */
export function reportOfError(type: string): { kind: 'refresh' } | { kind: 'error'; code: ErrorCode } {
  if (type === 'expired_token') return { kind: 'refresh' };
  if (type === 'uncaught_fetch_error' || type === 'module_load_error' || type === 'lazy_component_load_error') return { kind: 'error', code: 'network_error' };
  return { kind: 'error', code: 'provider_error' };
}

export function optionsFor(client: OnfidoClient, container: HTMLElement, callbacks: DriverCallbacks, options: DriverOptions, isLive: () => boolean): InitOptions {
  const base = {
    token: client.sdk_token,
    containerEl: container,
    language: options.language,
    theme: { name: options.theme === 'dark' ? 'dark' : 'light' },
    showExitButton: true,
    onComplete: () => isLive() && callbacks.complete(),
    onError: (error: { type: string }) => {
      if (!isLive()) return;
      const report = reportOfError(error.type);
      if (report.kind === 'refresh') callbacks.refresh();
      else callbacks.error(report.code);
    },
    onUserExit: () => isLive() && callbacks.leave(),
  };
  const flow = client.workflow_run_id ? { workflowRunId: client.workflow_run_id } : { steps: stepsFor(client) };
  // `sdkUrl` (read by the loader, not in its types) points the import at another UI module: the emulator's.
  const source = client.sdk_url ? { sdkUrl: client.sdk_url } : {};
  return { ...base, ...flow, ...source } as InitOptions;
}
