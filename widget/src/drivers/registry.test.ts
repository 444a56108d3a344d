// Each attempt's client reaches its own driver's UI, typed as its own: our capture for the shared
// shape whichever provider it serves, else the provider's driver (Signicat's SDK variant: Onfido's UI).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NativeCaptureClient, ProviderClient } from '@identity-verify/contract/schemas';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import { sampleAttempt, sampleOnfidoAttempt, sampleStripeAttempt } from '../api/fixtures.js';
import { en } from '../i18n/en.js';
import { driverOf, hasDriver, loadUi } from './registry.js';

const uis = vi.hoisted(() => {
  const ui = () => ({ mount: vi.fn(() => ({ destroy() {} })) });
  return { capture: ui(), onfido: ui(), stripe: ui(), turnstile: ui() };
});
vi.mock('./native_capture/ui.js', () => uis.capture);
vi.mock('./onfido/ui.js', () => uis.onfido);
vi.mock('./stripe_identity/ui.js', () => uis.stripe);
vi.mock('./turnstile/ui.js', () => uis.turnstile);

const callbacks = { token: vi.fn(), complete: vi.fn(), error: vi.fn(), leave: vi.fn(), refresh: vi.fn() };
const options = { theme: 'auto' as const, language: 'en', requestedLanguage: 'en', nonce: null, presentation: 'inline' as const, launch: false, messages: en, allowFileUpload: true, upload: vi.fn(), follow: vi.fn() };
const container = {} as HTMLElement;
const capture = { flow: 'native_capture', document_types: ['passport'], selfie: true, max_bytes: 3 << 20, min_long_edge: 1600 } satisfies Omit<NativeCaptureClient, 'provider_key'>;

/** Which UI mounted the client, and with what. */
async function mounted(client: ProviderClient) {
  (await loadUi(client))(container, callbacks, options);
  const [name, ui] = Object.entries(uis).find(([, ui]) => ui.mount.mock.calls.length > 0) ?? [];
  return { name, args: ui?.mount.mock.calls[0] };
}

beforeEach(() => Object.values(uis).forEach((ui) => ui.mount.mockClear()));

describe('loadUi', () => {
  it("mounts each provider's own client on its own driver's UI", async () => {
    expect(await mounted(sampleAttempt().client)).toEqual({ name: 'turnstile', args: [container, sampleAttempt().client, callbacks, options] });
    expect((await mounted(sampleStripeAttempt().client)).name).toBe('stripe');
    expect((await mounted(sampleOnfidoAttempt().client)).name).toBe('onfido');
  });

  it("runs Signicat's SDK variant on Onfido's UI", async () => {
    const client = { ...sampleOnfidoAttempt().client, provider_key: 'signicat_onfido' } as ProviderClient;
    expect(await mounted(client)).toEqual({ name: 'onfido', args: [container, client, callbacks, options] });
  });

  it('mounts our own capture for its shared shape, whichever provider receives the images', async () => {
    for (const provider_key of ['onfido', 'signicat_onfido'] as const) {
      uis.capture.mount.mockClear();
      expect(await mounted({ provider_key, ...capture })).toEqual({ name: 'capture', args: [container, { provider_key, ...capture }, callbacks, options] });
    }
  });

  it('rejects a provider this bundle has no driver for, as a newer BFF may name (the element shows driver_failed)', async () => {
    const client = { provider_key: 'future_provider', flow: 'sdk_modal' } as unknown as ProviderClient;
    await expect(loadUi(client)).rejects.toThrow(/No driver for future_provider/);
  });
});

describe('driverOf and hasDriver', () => {
  it('know the providers of this bundle, and our capture for any provider', () => {
    expect(driverOf('stripe_identity')).toMatchObject({ brand: 'Stripe', presentation: 'on_request' });
    const future = 'future_provider' as ProviderKey;
    expect(driverOf(future)).toBeUndefined();
    expect(hasDriver({ provider_key: 'turnstile', flow: 'inline_token' })).toBe(true);
    expect(hasDriver({ provider_key: future, flow: 'sdk_modal' })).toBe(false);
    expect(hasDriver({ provider_key: 'yoti', flow: 'native_capture' })).toBe(true);
  });
});
