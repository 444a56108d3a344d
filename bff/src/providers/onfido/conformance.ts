// Onfido in the conformance suite: the person captures with the SDK token and the widget
// completes, so Onfido's check runs and its signed events follow; an applicant not scheduled for
// deletion is held (it carries the person's name and images).
import { ONFIDO_EMULATOR_API_TOKEN, type Emulator } from '@identity-verify/emulators';
import { TEST_ORIGIN, testPhoto } from '../../testing.js';
import type { ConformanceKit } from '../conformance-kit.js';

const ONFIDO = 'http://onfido.test';

/** What Onfido's Web SDK sends from the page it is bound to, with its SDK token: a document, then a selfie. */
export async function captureInSdk(onfido: Pick<Emulator, 'fetch'>, sdkToken: string): Promise<void> {
  for (const [path, fields] of [
    ['/v3.3/documents', { type: 'passport', side: 'front' }],
    ['/v3/live_photos', {}],
  ] as const) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([testPhoto('jpeg', 40 * 1024)], { type: 'image/jpeg' }), 'capture.jpg');
    const r = await onfido.fetch(`${ONFIDO}${path}`, { method: 'POST', headers: { authorization: `Bearer ${sdkToken}`, referer: `${TEST_ORIGIN}/` }, body: form });
    if (r.status !== 201) throw new Error(`SDK upload ${path}: ${r.status}`);
  }
}

export const conformance: ConformanceKit = {
  offered: { country: 'SE', requirements: { layer: 'identity', min_assurance: 'high' } },
  otherCountry: 'GB',
  noticed: { country: 'US', requirements: { layer: 'identity', min_assurance: 'high' } },
  emulatorOptions: { onfido: { processingSeconds: 0 } },
  async finish({ emulators, ref, client, widget }) {
    await captureInSdk(emulators.onfido!, client.sdk_token);
    const completed = await widget('POST', '/v1/identity/verify/complete', { provider_key: 'onfido', session_ref: ref });
    if (completed.status !== 200) throw new Error(`complete: ${completed.status} ${completed.text}`);
    await emulators.onfido!.controls.flushWebhooks();
  },
  async held({ emulators, ref }) {
    const r = await emulators.onfido!.fetch(`${ONFIDO}/v3.6/applicants/${ref}`, { headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}` } });
    if (r.status === 404) return [];
    const applicant = (await r.json()) as { delete_at?: string };
    return applicant.delete_at ? [] : ['an applicant not scheduled for deletion'];
  },
};
