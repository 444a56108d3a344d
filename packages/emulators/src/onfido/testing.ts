// Test helpers: an emulator with `Token token=` requests made in process (or on a real loopback
// port, for browsers), tiny valid JPEG/PNG bodies of a chosen size, and an applicant in one call.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
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

export interface RunningOnfido {
  emu: OnfidoEmulator;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** A public-API call with the emulator's API token, over the socket. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

/** The emulator on a free loopback port, for tests that drive it from a real browser. */
export async function startOnfido(options: OnfidoEmulatorOptions = {}): Promise<RunningOnfido> {
  const emu = createOnfidoEmulator(options);
  const server = serve({ fetch: emu.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    emu,
    url,
    async call(method, path, body) {
      const headers: Record<string, string> = { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, json: res.status === 204 ? null : await res.json().catch(() => null) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        emu.controls.reset();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
