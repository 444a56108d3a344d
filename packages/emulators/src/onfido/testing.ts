// Test helpers: an emulator with `Token token=` requests made in process, tiny valid JPEG/PNG
// bodies of a chosen size, and a US applicant in one call.
import { createOnfidoEmulator, type OnfidoEmulator, type OnfidoEmulatorOptions } from './app.js';
import { ONFIDO_EMULATOR_API_TOKEN } from './keys.js';

export const ORIGIN = 'http://onfido.test';

export interface Harness {
  emu: OnfidoEmulator;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  upload(path: string, fields: Record<string, string | Blob>, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  applicant(extra?: Record<string, unknown>): Promise<{ id: string }>;
}

/** A file of exactly `size` bytes that starts with the magic bytes of `kind`. */
export function fakeImage(kind: 'jpg' | 'png' | 'gif', size: number): Blob {
  const magic = { jpg: [0xff, 0xd8, 0xff, 0xe0], png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], gif: [0x47, 0x49, 0x46, 0x38] }[kind];
  const bytes = new Uint8Array(size);
  bytes.set(magic);
  return new Blob([bytes], { type: kind === 'jpg' ? 'image/jpeg' : `image/${kind}` });
}

export function harness(options: OnfidoEmulatorOptions = {}): Harness {
  const emu = createOnfidoEmulator(options);
  const auth = { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}` };
  const parse = async (res: Response) => ({ status: res.status, json: res.status === 204 ? null : await res.json().catch(() => null) });
  const h: Harness = {
    emu,
    async call(method, path, body, headers = auth) {
      const init: RequestInit = { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      return parse(await emu.fetch(`${ORIGIN}${path}`, init));
    },
    async upload(path, fields, headers = auth) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) {
        if (typeof v === 'string') form.append(k, v);
        else form.append(k, v, 'upload.bin');
      }
      return parse(await emu.fetch(`${ORIGIN}${path}`, { method: 'POST', headers, body: form }));
    },
    async applicant(extra = {}) {
      const res = await h.call('POST', '/v3.6/applicants', { first_name: 'Jane', last_name: 'Doe', location: { country_of_residence: 'GBR' }, ...extra });
      if (res.status !== 201) throw new Error(`applicant not created: ${JSON.stringify(res.json)}`);
      return res.json;
    },
  };
  return h;
}
