// Signicat Assure in the conformance suite: our capture uploads the images through the BFF and
// the widget completes, so Assure's process runs and its signed events follow; a dossier that
// still exists is held (its process holds the person's images).
import { SIGNICAT_EMULATOR_CLIENT_ID, SIGNICAT_EMULATOR_CLIENT_SECRET } from '@identity-verify/emulators';
import { TEST_ORIGIN, testPhoto } from '../../testing.js';
import type { ConformanceKit } from '../conformance-kit.js';

const ASSURE = 'http://signicat.test';

export const conformance: ConformanceKit = {
  offered: { country: 'SE', requirements: { layer: 'identity', min_assurance: 'high' } },
  otherCountry: 'GB',
  noticed: { country: 'US', requirements: { layer: 'identity', min_assurance: 'high' } },
  emulatorOptions: { signicat: { processingSeconds: 0 } },
  async finish({ bff, session, emulators, ref, client, widget }) {
    const sides = [['document_front', 'national_identity_card'], ['document_back', 'national_identity_card'], ...(client.selfie ? [['selfie', null]] : [])] as const;
    for (const [side, documentType] of sides) {
      const bytes = testPhoto('jpeg', side === 'selfie' ? 40 * 1024 : 8 * 1024);
      const query = new URLSearchParams({ provider_key: 'signicat_onfido', session_ref: ref, side: String(side), ...(documentType ? { document_type: String(documentType) } : {}) });
      const r = await bff.app.request(`/v1/identity/verify/uploads?${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.client_secret}`, origin: TEST_ORIGIN, 'content-type': 'image/jpeg', 'content-length': String(bytes.length) },
        body: bytes,
      });
      if (r.status !== 201) throw new Error(`upload ${side}: ${r.status} ${await r.text()}`);
    }
    const completed = await widget('POST', '/v1/identity/verify/complete', { provider_key: 'signicat_onfido', session_ref: ref });
    if (completed.status !== 200) throw new Error(`complete: ${completed.status} ${completed.text}`);
    emulators.signicat!.controls.settle();
    await emulators.signicat!.controls.flushEvents();
  },
  async held({ bff, session, emulators, ref }) {
    const attempt = await bff.store.findAttempt(session.id, 'signicat_onfido', ref);
    const basic = Buffer.from(`${SIGNICAT_EMULATOR_CLIENT_ID}:${SIGNICAT_EMULATOR_CLIENT_SECRET}`).toString('base64');
    const token = await emulators.signicat!.fetch(`${ASSURE}/auth/open/connect/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const r = await emulators.signicat!.fetch(`${ASSURE}/assure/dossiers/${attempt!.private_data.dossier_id}`, { headers: { authorization: `Bearer ${access_token}` } });
    return r.status === 404 ? [] : [`a dossier (${r.status})`];
  },
};
