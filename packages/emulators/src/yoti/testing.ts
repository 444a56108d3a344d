// Test helpers for the Yoti emulator: serve it on a loopback port (the official SDK speaks HTTP
// through superagent, so it needs a socket), the sandbox client, which ships without types, and a
// signed call in process.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createYotiEmulator, type YotiEmulator, type YotiEmulatorOptions } from './app.js';
import { digestMessage, signYotiMessage } from './signing.js';

export interface ServedYoti {
  emulator: YotiEmulator;
  url: string;
  close(): Promise<void>;
}

export async function serveYoti(options: YotiEmulatorOptions = {}): Promise<ServedYoti> {
  const emulator = createYotiEmulator(options);
  const server = serve({ fetch: emulator.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    emulator,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The few parts of @getyoti/sdk-sandbox@1.7.0 the tests use (it is plain JavaScript). */
export interface SandboxModule {
  SandboxIDVClientBuilder: new () => { withClientSdkId(id: string): any; withPemString(pem: string): any; withSandboxUrl(url: string): any; build(): { configureSessionResponse(sessionId: string, config: unknown): Promise<void>; configureApplicationResponse(config: unknown): Promise<void> } };
  SandboxResponseConfigBuilder: new () => { withCheckReports(reports: unknown): any; withTaskResults(results: unknown): any; build(): unknown };
  SandboxCheckReportsBuilder: new () => { withDocumentAuthenticityCheck(c: unknown): any; withDocumentFaceMatchCheck(c: unknown): any; withLivenessCheck(c: unknown): any; build(): unknown };
  SandboxRecommendationBuilder: new () => { withValue(v: string): any; withReason(r: string): any; build(): unknown };
  SandboxBreakdownBuilder: new () => { withSubCheck(s: string): any; withResult(r: string): any; withDetail(k: string, v: string): any; build(): unknown };
  SandboxDocumentAuthenticityCheckBuilder: new () => { withRecommendation(r: unknown): any; withBreakdown(b: unknown): any; build(): unknown };
  SandboxDocumentFaceMatchCheckBuilder: new () => { withRecommendation(r: unknown): any; withBreakdown(b: unknown): any; build(): unknown };
  SandboxZoomLivenessCheckBuilder: new () => { withRecommendation(r: unknown): any; withBreakdown(b: unknown): any; build(): unknown };
}

export const yotiSandbox = (): SandboxModule => createRequire(import.meta.url)('@getyoti/sdk-sandbox') as SandboxModule;

/** A signed call through the emulator in process, as the SDK would sign it now (emulator clock). */
export async function signedCall(emu: YotiEmulator, method: string, path: string, body?: unknown, base = 'https://api.yoti.com/idverify/v1') {
  const { sdkId, privateKeyPem } = emu.controls.app;
  const query = new URLSearchParams({ sdkId, nonce: randomUUID(), timestamp: String(emu.controls.clock.now()) });
  const text = body === undefined ? undefined : JSON.stringify(body);
  const digest = signYotiMessage(digestMessage(method, `${path}?${query}`, text), privateKeyPem);
  const res = await emu.fetch(`${base}${path}?${query}`, { method, headers: { 'X-Yoti-Auth-Digest': digest, 'content-type': 'application/json' }, body: text });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, json: (type.includes('json') ? await res.json() : null) as any };
}
