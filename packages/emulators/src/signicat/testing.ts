// Test helpers: an emulator called in process (or over its real socket) with a fresh access
// token, images of a chosen type and size as bytes or dataURLs, a dossier with a ready process in
// one call, and an event receiver standing in for the BFF's webhook endpoint.
import { createSignicatEmulator, type SignicatEmulator, type SignicatEmulatorOptions } from './app.js';
import { SIGNICAT_EVENT_SIGNATURE_HEADER } from './events.js';
import { SIGNICAT_EMULATOR_CLIENT_ID, SIGNICAT_EMULATOR_CLIENT_SECRET } from './keys.js';

export const ORIGIN = 'https://api.signicat.test';

export interface Reply {
  status: number;
  json: any;
  headers: Headers;
}

/** Bytes of exactly `size` that start with the magic bytes of `kind`. */
export function fakeImage(kind: 'jpeg' | 'png' | 'gif', size: number): Uint8Array {
  const magic = { jpeg: [0xff, 0xd8, 0xff, 0xe0], png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], gif: [0x47, 0x49, 0x46, 0x38] }[kind];
  const bytes = new Uint8Array(size);
  bytes.set(magic);
  return bytes;
}

export function dataUrl(kind: 'jpeg' | 'png' | 'gif', size: number, mime = `image/${kind}`): string {
  return `data:${mime};base64,${Buffer.from(fakeImage(kind, size)).toString('base64')}`;
}

/** Images that pass: a 4 KB document side and a 40 KB selfie. */
export const GOOD = { front: dataUrl('jpeg', 4096), back: dataUrl('png', 4096), selfie: dataUrl('jpeg', 40 * 1024) };

export const basic = (id = SIGNICAT_EMULATOR_CLIENT_ID, secret = SIGNICAT_EMULATOR_CLIENT_SECRET) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export interface Harness {
  emu: SignicatEmulator;
  token(): Promise<string>;
  /** An Assure call with a valid access token (unless `headers` says otherwise). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  dossier(): Promise<string>;
  /** A dossier and a process in it (default: documentSelfie with a passport, resident in NLD). */
  process(body?: Record<string, unknown>): Promise<{ dossierId: string; processId: string; base: string }>;
}

export function harness(options: SignicatEmulatorOptions = {}): Harness {
  return harnessOf(createSignicatEmulator(options));
}

/**
 * A harness over an emulator that already exists: in process by default, or over HTTP at `url`
 * (e.g. one startEmulators served, `http://127.0.0.1:PORT`).
 */
export function harnessOf(emu: SignicatEmulator, url?: string): Harness {
  const send = (path: string, init: RequestInit) => (url ? fetch(`${url}${path}`, init) : emu.fetch(`${ORIGIN}${path}`, init));
  let cached: string | undefined;
  const parse = async (res: Response): Promise<Reply> => {
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json, headers: res.headers };
  };
  const h: Harness = {
    emu,
    async token() {
      const res = await send('/auth/open/connect/token', {
        method: 'POST',
        headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&scope=signicat-api',
      });
      return ((await res.json()) as { access_token: string }).access_token;
    },
    async call(method, path, body, headers) {
      cached ??= await h.token();
      const all: Record<string, string> = headers ?? { authorization: `Bearer ${cached}` };
      const init: RequestInit = { method, headers: all };
      if (body !== undefined) {
        init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body);
        if (!('content-type' in all)) all['content-type'] = 'application/json';
      }
      return parse(await send(path, init));
    },
    async dossier() {
      const res = await h.call('POST', '/assure/dossiers', {});
      if (res.status !== 201) throw new Error(`dossier not created: ${JSON.stringify(res.json)}`);
      return res.json.dossierId as string;
    },
    async process(body = {}) {
      const dossierId = await h.dossier();
      const res = await h.call('POST', `/assure/dossiers/${dossierId}/processes`, {
        provider: 'onfido',
        processType: 'documentSelfie',
        documentType: 'passport',
        processParameters: { location: { countryOfResidence: 'NLD' } },
        ...body,
      });
      if (res.status !== 201) throw new Error(`process not created: ${JSON.stringify(res.json)}`);
      const processId = res.json.processId as string;
      return { dossierId, processId, base: `/assure/dossiers/${dossierId}/processes/${processId}` };
    },
  };
  return h;
}

/** A subscriber endpoint in process: records each POST with its signature header and answers `status`. */
export function eventReceiver(status = 200) {
  const received: Array<{ url: string; body: string; signature: string | null }> = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    received.push({ url: String(url), body: String(init?.body), signature: new Headers(init?.headers).get(SIGNICAT_EVENT_SIGNATURE_HEADER) });
    return new Response(null, { status });
  }) as typeof globalThis.fetch;
  return { received, fetch };
}
