// The runner on real ports: siteverify and the controls over HTTP, then a clean stop.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from './runner.js';
import { TURNSTILE_EMULATOR_SECRET, TURNSTILE_EMULATOR_SITEKEY } from './turnstile/keys.js';

let running: RunningEmulators<'turnstile'> | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('startEmulators', () => {
  it('serves Turnstile on its own loopback port; siteverify works over HTTP', async () => {
    running = await startEmulators();
    const base = running.urls.turnstile;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // A token minted over the control API, as an e2e test without a browser would.
    const minted = await fetch(`${base}/__emulator__/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sitekey: TURNSTILE_EMULATOR_SITEKEY, hostname: 'localhost', action: 'login', cdata: 'c1' }),
    });
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };

    const res = await fetch(`${base}/turnstile/v0/siteverify`, {
      method: 'POST',
      body: new URLSearchParams({ secret: TURNSTILE_EMULATOR_SECRET, response: token }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, hostname: 'localhost', action: 'login', cdata: 'c1' });

    // The typed in-process controls see the same emulator the socket does.
    expect(running.controls.turnstile.requests({ path: '/turnstile/v0/siteverify' })).toHaveLength(1);
  });

  it('stop() closes the ports, even with keep-alive connections open', async () => {
    running = await startEmulators({ providers: ['turnstile'] });
    const base = running.urls.turnstile;
    expect((await fetch(`${base}/turnstile/v0/api.js`)).status).toBe(200);
    await running.stop();
    await expect(fetch(`${base}/turnstile/v0/api.js`)).rejects.toThrow();
  });

  it('refuses an unknown emulator name', async () => {
    // @ts-expect-error: not an emulator this package has
    await expect(startEmulators({ providers: ['nope'] })).rejects.toThrow(/unknown emulator/);
  });
});
