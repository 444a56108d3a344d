// The SDK variant for real (seed 001, use case 2), with the Onfido and Signicat emulators as HTTP
// servers and Assure linked to Onfido's public API: create process makes the Onfido applicant (its
// location, its consent) and answers its SDK token as `authorization`; the emulated Web SDK's
// network module uploads with that token straight to Onfido; start verification reads back what
// was uploaded; deleting the dossier deletes the applicant; an Onfido failure is a problem.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONFIDO_EMULATOR_API_TOKEN } from '../onfido/keys.js';
import { fakeImage } from '../onfido/testing.js';
import { startEmulators, type RunningEmulators } from '../runner.js';
import { createSignicatEmulator } from './app.js';
import { ASSURE_EVENT_NAMES } from './events.js';
import { ASSURE_APPLICANT_NAMES } from './onfido-account.js';
import { GOOD, harness, harnessOf, ORIGIN, type Harness } from './testing.js';

// The emulated Web SDK's network half (what the browser runs), imported as the plain ES module it is.
interface SdkApi {
  uploadDocument(blob: Blob, name: string, type: string, side: string): Promise<{ id: string }>;
  uploadFace(variant: 'standard' | 'video', blob: Blob, name: string): Promise<{ id: string }>;
}
interface SdkModule {
  readToken(token: unknown): { apiUrl: string; applicantId: string; exp: number | null };
  createApi(o: { token: string; apiUrl: string; fetchImpl: typeof fetch }): SdkApi;
}
const sdkModule = () => import(/* @vite-ignore */ new URL('../onfido/assets/onfido-ui-api.js', import.meta.url).href) as Promise<SdkModule>;

/** The page the SDK runs on: a browser sends its origin as Referer to another origin. */
const PAGE_ORIGIN = 'http://127.0.0.1:5173/';

/** Onfido's SDK started with the process's authorization, uploading from the page over real HTTP. */
async function sdk(authorization: string) {
  const m = await sdkModule();
  const { apiUrl, applicantId } = m.readToken(authorization);
  const fetchImpl: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), referer: PAGE_ORIGIN } });
  return { apiUrl, applicantId, api: m.createApi({ token: authorization, apiUrl, fetchImpl }) };
}

/** A live video as the SDK records it: WebM magic bytes. */
const webm = (size = 64 * 1024) => {
  const bytes = new Uint8Array(size);
  bytes.set([0x1a, 0x45, 0xdf, 0xa3]);
  return new Blob([bytes], { type: 'video/webm' });
};

/** A loopback port nothing listens on: Onfido "down". */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let running: RunningEmulators<'onfido' | 'signicat'>;
let h: Harness;
let onfidoApi: string;
const link = () => ({ apiBase: onfidoApi, apiToken: ONFIDO_EMULATOR_API_TOKEN });

/** A call to Onfido's public API with Assure's (the emulator's) API token. */
async function onfido(method: string, path: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${onfidoApi}${path}`, { method, headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}` } });
  return { status: res.status, json: res.status === 204 ? null : await res.json().catch(() => null) };
}

const usSelfie = {
  processType: 'documentSelfie',
  documentType: 'passport',
  processParameters: { location: { countryOfResidence: 'USA' }, consents: { privacy: true } },
};

async function created(body: Record<string, unknown>) {
  const dossierId = await h.dossier();
  const res = await h.call('POST', `/assure/dossiers/${dossierId}/processes`, { provider: 'onfido', ...body });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  const processId = res.json.processId as string;
  return { dossierId, processId, base: `/assure/dossiers/${dossierId}/processes/${processId}`, authorization: res.json.authorization as string };
}

beforeAll(async () => {
  running = await startEmulators({ providers: ['onfido', 'signicat'] });
  onfidoApi = `${running.urls.onfido}/v3.6`;
  // As the stack does: emulators first, on free ports, then wired.
  running.controls.signicat.linkOnfido(link());
  h = harnessOf(running.emulators.signicat, running.urls.signicat);
});
afterAll(() => running?.stop());

describe('create process, linked to Onfido', () => {
  it('creates the applicant with the location and the privacy consent, and answers its SDK token', async () => {
    const { authorization, base } = await created(usSelfie);
    const { apiUrl, applicantId } = await sdk(authorization);
    // The token sends the SDK to the Onfido the applicant lives in.
    expect(apiUrl).toBe(running.urls.onfido);
    const applicant = await onfido('GET', `/applicants/${applicantId}`);
    expect(applicant.status).toBe(200);
    expect(applicant.json).toMatchObject({ ...ASSURE_APPLICANT_NAMES, location: { country_of_residence: 'USA' } });
    expect((await onfido('GET', `/applicants/${applicantId}/consents`)).json).toEqual([{ name: 'privacy_notices_read', granted: true, granted_at: expect.any(String) }]);
    // The applicant stays Assure's business: Get process shows no Onfido id.
    expect(JSON.stringify((await h.call('GET', base)).json)).not.toContain(applicantId);
  });

  it('sends the IP address when that is the location, and no consent unless privacy is true', async () => {
    const { authorization } = await created({ processType: 'document', processParameters: { location: { ipAddress: '8.8.8.8' }, consents: { privacy: false } } });
    const { applicantId } = await sdk(authorization);
    const applicant = (await onfido('GET', `/applicants/${applicantId}`)).json;
    expect(applicant.location).toEqual({ ip_address: '8.8.8.8' });
    expect((await onfido('GET', `/applicants/${applicantId}/consents`)).json).toEqual([]);
  });

  it('answers a problem and creates no process when Onfido fails or cannot be reached', async () => {
    const dossierId = await h.dossier();
    const create = () => h.call('POST', `/assure/dossiers/${dossierId}/processes`, { provider: 'onfido', ...usSelfie });
    running.controls.onfido.injectFault({ path: '/v3.6/applicants', method: 'POST', status: 500, json: { error: { type: 'internal_server_error', message: 'Jane Doe' } } });
    const failed = await create();
    expect(failed.status).toBe(502);
    expect(failed.json).toMatchObject({ type: 'base:server-problem', title: 'Provider error', detail: 'Onfido answered 500 internal_server_error when Assure tried to create the applicant.' });

    // An applicant left without its SDK token is deleted again.
    const live = async () => (await onfido('GET', '/applicants?per_page=500')).json.applicants.length as number;
    const before = await live();
    running.controls.onfido.injectFault({ path: '/v3.6/sdk_token', method: 'POST', status: 503 });
    expect((await create()).json).toMatchObject({ status: 502, detail: 'Onfido answered 503 when Assure tried to mint the SDK token.' });
    expect(await live()).toBe(before);

    running.controls.signicat.linkOnfido({ apiBase: `http://127.0.0.1:${await deadPort()}/v3.6`, apiToken: ONFIDO_EMULATOR_API_TOKEN });
    try {
      const down = await create();
      expect(down.status).toBe(503);
      expect(down.json).toMatchObject({ title: 'Provider unavailable', detail: 'Onfido could not be reached when Assure tried to create the applicant.' });
    } finally {
      running.controls.signicat.linkOnfido(link());
    }
    expect((await h.call('GET', `/assure/dossiers/${dossierId}`)).json.processes).toEqual([]);
    expect((await create()).status).toBe(201);
  });
});

describe('start verification, linked to Onfido', () => {
  it('takes what Onfido’s SDK uploaded with the authorization, then processing → the scenario’s status with "Process complete"', async () => {
    const { base, processId, authorization } = await created(usSelfie);
    const verify = () => h.call('POST', `${base}/verify`);
    const early = await verify();
    expect(early.status).toBe(400);
    expect(early.json).toMatchObject({ title: 'Images missing', detail: 'The process needs these images before verification: FRONT, SELFIE.' });

    const { api, applicantId } = await sdk(authorization);
    const doc = await api.uploadDocument(fakeImage('jpg', 4096), 'front.jpg', 'passport', 'front');
    expect((await verify()).json.detail).toBe('The process needs these images before verification: SELFIE.');
    const photo = await api.uploadFace('standard', fakeImage('jpg', 40 * 1024), 'selfie.jpg');
    // Straight to Onfido's SDK-facing path, from the page, for the process's applicant.
    expect(running.controls.onfido.requests({ path: '/v3.3/documents' }).at(-1)).toMatchObject({ status: 201, headers: { referer: PAGE_ORIGIN } });
    expect((await onfido('GET', `/documents?applicant_id=${applicantId}`)).json.documents).toMatchObject([{ id: doc.id, type: 'passport', side: 'front' }]);

    const started = await verify();
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ processId, status: 'processing' });
    const event = await running.controls.signicat.waitForEvent({ processId });
    expect(event).toMatchObject({ eventName: ASSURE_EVENT_NAMES.processCompleted, status: 'accepted' });
    const done = (await h.call('GET', base)).json;
    expect(done).toMatchObject({ status: 'accepted', depictions: ['front', 'selfie'], finalResult: { documentType: 'passport', issuingCountry: 'USA' } });
    // The result names the captures Onfido holds.
    expect(done.providerSpecific.facialSimilarity.breakdowns.faceComparison.breakdown.faceMatch.properties).toMatchObject({ documentId: doc.id, livePhotoId: photo.id });
    expect((await verify()).status).toBe(409);
  });

  it('needs a live video for documentVideo, and both sides of a two-sided document', async () => {
    const { base, processId, dossierId, authorization } = await created({
      processType: 'documentVideo',
      documentType: 'driversLicense',
      processParameters: { location: { countryOfResidence: 'NLD' } },
    });
    running.controls.signicat.setScenario(dossierId, 'inconclusive');
    const verify = async () => (await h.call('POST', `${base}/verify`)).json;
    expect(await verify()).toMatchObject({ status: 400, detail: "A documentVideo process needs the captures Onfido's SDK uploads; none were made." });

    const { api } = await sdk(authorization);
    await api.uploadDocument(fakeImage('jpg', 4096), 'front.jpg', 'driving_licence', 'front');
    expect((await verify()).detail).toBe("A documentVideo process needs the captures Onfido's SDK uploads; these were not made: BACK, VIDEO.");
    await api.uploadDocument(fakeImage('png', 4096), 'back.png', 'driving_licence', 'back');
    // A live photo is no live video.
    await api.uploadFace('standard', fakeImage('jpg', 40 * 1024), 'selfie.jpg');
    expect((await verify()).detail).toBe("A documentVideo process needs the captures Onfido's SDK uploads; these were not made: VIDEO.");
    await api.uploadFace('video', webm(), 'video.webm');

    expect(await verify()).toMatchObject({ processId, status: 'processing' });
    expect(await running.controls.signicat.waitForEvent({ processId })).toMatchObject({ status: 'inconclusive' });
    expect((await h.call('GET', base)).json).toMatchObject({ status: 'inconclusive', depictions: ['front', 'back', 'selfie'] });
  });

  it('asks for the back of a two-sided document chosen in the SDK when the process named none', async () => {
    const { base, processId, authorization } = await created({ processType: 'document', processParameters: { location: { countryOfResidence: 'NLD' } } });
    const { api } = await sdk(authorization);
    await api.uploadDocument(fakeImage('jpg', 4096), 'front.jpg', 'national_identity_card', 'front');
    expect((await h.call('POST', `${base}/verify`)).json.detail).toBe('The process needs these images before verification: BACK.');
    await api.uploadDocument(fakeImage('jpg', 4096), 'back.jpg', 'national_identity_card', 'back');
    expect((await h.call('POST', `${base}/verify`)).status).toBe(200);
    await running.controls.signicat.waitForEvent({ processId });
    expect((await h.call('GET', base)).json).toMatchObject({ status: 'accepted', depictions: ['front', 'back'], finalResult: { documentType: 'identityCard' } });
  });

  it('still takes images set through Assure (use case 1), without asking Onfido', async () => {
    const { base, processId } = await created({ processType: 'documentSelfie', documentType: 'passport', processParameters: { location: { countryOfResidence: 'NLD' } } });
    running.controls.onfido.clearRequests();
    await h.call('POST', `${base}/files`, { front: GOOD.front, selfie: GOOD.selfie });
    expect((await h.call('POST', `${base}/verify`)).status).toBe(200);
    await running.controls.signicat.waitForEvent({ processId });
    expect((await h.call('GET', base)).json).toMatchObject({ status: 'accepted', depictions: ['front', 'selfie'] });
    expect(running.controls.onfido.requests({ path: '/v3.6/documents' })).toEqual([]);
  });

  it('answers a problem and stays pending when Onfido fails while reading the captures', async () => {
    const { base, authorization } = await created(usSelfie);
    const { api } = await sdk(authorization);
    await api.uploadDocument(fakeImage('jpg', 4096), 'front.jpg', 'passport', 'front');
    await api.uploadFace('standard', fakeImage('jpg', 40 * 1024), 'selfie.jpg');
    running.controls.onfido.injectFault({ path: '/v3.6/live_photos', method: 'GET', status: 500 });
    const failed = await h.call('POST', `${base}/verify`);
    expect(failed.json).toMatchObject({ status: 502, title: 'Provider error', detail: "Onfido answered 500 when Assure tried to read the applicant's live photos." });
    expect((await h.call('GET', base)).json.status).toBe('pending');
    expect((await h.call('POST', `${base}/verify`)).status).toBe(200);
  });
});

describe('deleting, linked to Onfido', () => {
  it('deletes the Onfido applicant with its dossier or its process', async () => {
    const viaDossier = await created(usSelfie);
    const { applicantId: first } = await sdk(viaDossier.authorization);
    expect((await onfido('GET', `/applicants/${first}`)).status).toBe(200);
    expect((await h.call('DELETE', `/assure/dossiers/${viaDossier.dossierId}`)).status).toBe(204);
    expect((await onfido('GET', `/applicants/${first}`)).status).toBe(404);

    const viaProcess = await created(usSelfie);
    const { applicantId: second } = await sdk(viaProcess.authorization);
    expect((await h.call('DELETE', viaProcess.base)).status).toBe(204);
    expect((await onfido('GET', `/applicants/${second}`)).status).toBe(404);
  });

  it('still deletes the dossier when Onfido cannot be reached', async () => {
    const { dossierId } = await created(usSelfie);
    running.controls.signicat.linkOnfido({ apiBase: `http://127.0.0.1:${await deadPort()}/v3.6`, apiToken: 'unused' });
    try {
      expect((await h.call('DELETE', `/assure/dossiers/${dossierId}`)).status).toBe(204);
    } finally {
      running.controls.signicat.linkOnfido(link());
    }
  });
});

describe('the link', () => {
  it('comes as the onfido option too, and refuses what is not an http(s) API base or a token', async () => {
    const linked = harness({ onfido: { apiBase: `${onfidoApi}/`, apiToken: ONFIDO_EMULATOR_API_TOKEN } });
    const { authorization } = (await linked.call('POST', `/assure/dossiers/${await linked.dossier()}/processes`, { provider: 'onfido', ...usSelfie })).json;
    const { applicantId } = await sdk(authorization);
    expect((await onfido('GET', `/applicants/${applicantId}`)).status).toBe(200);
    expect(() => createSignicatEmulator({ onfido: { apiBase: 'ftp://onfido.test/v3.6', apiToken: 't' } })).toThrow(TypeError);
    expect(() => createSignicatEmulator({ onfido: { apiBase: onfidoApi, apiToken: '' } })).toThrow(TypeError);
    expect(() => linked.emu.controls.linkOnfido({ apiBase: 'onfido', apiToken: 't' })).toThrow(TypeError);
  });

  it('is set and removed over HTTP, and survives reset', async () => {
    const local = harness();
    const control = async (method: string, body?: unknown) => {
      const res = await local.emu.fetch(`${ORIGIN}/__emulator__/signicat/onfido`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      return { status: res.status, json: res.status === 204 ? null : await res.json() };
    };
    const payloadOf = async (hh: Harness) => {
      const { authorization } = (await hh.call('POST', `/assure/dossiers/${await hh.dossier()}/processes`, { provider: 'onfido', ...usSelfie })).json;
      return JSON.parse(Buffer.from(authorization.split('.')[1], 'base64url').toString()) as Record<string, any>;
    };
    expect(await payloadOf(local)).toMatchObject({ emulated: true });
    expect(await control('POST', { apiBase: 'ftp://x', apiToken: 't' })).toMatchObject({ status: 400 });
    expect(await control('POST', { apiBase: `${onfidoApi}/`, apiToken: ONFIDO_EMULATOR_API_TOKEN })).toEqual({ status: 200, json: { apiBase: onfidoApi } });
    expect((await payloadOf(local)).payload.app).toEqual(expect.any(String));
    local.emu.controls.reset();
    expect((await payloadOf(harnessOf(local.emu))).payload.app).toEqual(expect.any(String));
    expect((await control('DELETE')).status).toBe(204);
    expect(await payloadOf(harnessOf(local.emu))).toMatchObject({ emulated: true });
  });
});
