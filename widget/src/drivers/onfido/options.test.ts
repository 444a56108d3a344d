// What the Onfido driver hands the SDK loader and makes of its callbacks (the outcome itself is the BFF's to read).
import { describe, expect, it, vi } from 'vitest';
import type { OnfidoClient } from '@identity-verify/contract/schemas';
import { sampleOnfidoAttempt } from '../../api/fixtures.js';
import { en } from '../../i18n/en.js';
import { optionsFor, reportOfError, stepsFor } from './options.js';

const client = sampleOnfidoAttempt().client as OnfidoClient;
const callbacks = () => ({ token: vi.fn(), complete: vi.fn(), error: vi.fn(), leave: vi.fn(), refresh: vi.fn() });
const driverOptions = { theme: 'auto' as const, language: 'es', requestedLanguage: 'es', nonce: null, presentation: 'inline' as const, launch: false, messages: en, allowFileUpload: true, upload: vi.fn(), follow: vi.fn() };

describe('stepsFor', () => {
  it('asks for the document, then the face variant the session requires', () => {
    expect(stepsFor(client)).toEqual(['document', { type: 'face', options: { requestedVariant: 'standard' } }]);
    expect(stepsFor({ ...client, face: 'motion' })).toEqual(['document', { type: 'face', options: { requestedVariant: 'motion' } }]);
    expect(stepsFor({ ...client, face: null })).toEqual(['document']);
  });
});

describe('reportOfError', () => {
  it('refreshes an expired token and fails the step on anything else', () => {
    expect(reportOfError('expired_token')).toEqual({ kind: 'refresh' });
    expect(reportOfError('module_load_error')).toEqual({ kind: 'error', code: 'network_error' });
    expect(reportOfError('invalid_token')).toEqual({ kind: 'error', code: 'provider_error' });
  });
});

describe('optionsFor', () => {
  it('passes the token, container, steps, language and the emulated UI url; a workflow run replaces the steps', () => {
    const container = {} as HTMLElement;
    const options = optionsFor(client, container, callbacks(), driverOptions, () => true) as unknown as Record<string, unknown>;
    expect(options).toMatchObject({ token: client.sdk_token, containerEl: container, language: 'es', sdkUrl: client.sdk_url, steps: stepsFor(client) });
    const studio = optionsFor({ ...client, workflow_run_id: 'wfr_1', sdk_url: null }, container, callbacks(), driverOptions, () => true) as unknown as Record<string, unknown>;
    expect(studio).toMatchObject({ workflowRunId: 'wfr_1' });
    expect(studio).not.toHaveProperty('steps');
    expect(studio).not.toHaveProperty('sdkUrl');
  });

  it('reports completion, exit and errors only while mounted', () => {
    const cb = callbacks();
    let live = true;
    const options = optionsFor(client, {} as HTMLElement, cb, driverOptions, () => live) as unknown as {
      onComplete(): void;
      onError(e: { type: string }): void;
      onUserExit(): void;
    };
    options.onError({ type: 'expired_token' });
    options.onError({ type: 'exception' });
    options.onComplete();
    options.onUserExit();
    expect([cb.refresh.mock.calls.length, cb.error.mock.calls, cb.complete.mock.calls.length, cb.leave.mock.calls.length]).toEqual([1, [['provider_error']], 1, 1]);
    live = false;
    options.onComplete();
    expect(cb.complete).toHaveBeenCalledTimes(1);
  });
});
