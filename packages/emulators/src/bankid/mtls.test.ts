// The BankID emulator on a real socket, as the runner starts it: the RP API over mutual TLS with
// the emulator's certificates (driven by the npm `bankid` client and by node:https), a client
// without a certificate or with another CA's refused in the handshake, and the app page over
// plain HTTP on the same port, as a tester's browser reaches it.
import { Agent, request } from 'node:https';
import { BankIdClientV6, BankIdError, QrGenerator } from 'bankid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../runner.js';
import { generateBankIdCertificates } from './certificates.js';
import { bankIdEmulatedAppUrl } from './index.js';

let running: RunningEmulators<'bankid'>;
let base: string;
beforeAll(async () => {
  running = await startEmulators({ providers: ['bankid'] });
  base = running.urls.bankid;
});
afterAll(() => running.stop());

/** How a BFF calls the RP API: node:https with the client certificate and the emulator CA. */
function post(path: string, body: unknown, tls: { ca?: string; cert?: string; key?: string }): Promise<{ status: number; json: unknown }> {
  const agent = new Agent({ ...tls, keepAlive: false });
  return new Promise((resolve, reject) => {
    const req = request(`${base}/rp/v6.0/${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const rp = () => {
  const { caCert, clientCert, clientKey } = running.controls.bankid.certificates;
  return { ca: caCert, cert: clientCert, key: clientKey };
};

describe('the BankID RP API over mutual TLS', () => {
  it('serves https on loopback', () => {
    expect(base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('runs auth → collect → complete with the npm bankid client holding the emulator’s certificate', async () => {
    const { caCert, clientCert, clientKey } = running.controls.bankid.certificates;
    const client = new BankIdClientV6({ production: false, ca: Buffer.from(caCert) });
    // The client's own options take a .p12; its axios instance is public, so give it PEMs.
    client.axios.defaults.baseURL = `${base}/rp/v6.0/`;
    client.axios.defaults.httpsAgent = new Agent({ ca: caCert, cert: clientCert, key: clientKey });

    const started = await client.authenticate({ endUserIp: '198.51.100.7' });
    expect(started).toMatchObject({ orderRef: expect.any(String), autoStartToken: expect.any(String), qrStartToken: expect.any(String), qrStartSecret: expect.any(String) });
    expect(await client.collect({ orderRef: started.orderRef })).toEqual({ orderRef: started.orderRef, status: 'pending', hintCode: 'outstandingTransaction' });

    // The tester scans the code the client computes now (its own QR generator, real time).
    const qr = await QrGenerator.latestQrFromCache(started.orderRef);
    expect(qr).toMatch(/^bankid\./);
    running.controls.bankid.scan(qr as string, { person: 'erik', action: 'open' });
    expect(await client.collect({ orderRef: started.orderRef })).toMatchObject({ status: 'pending', hintCode: 'userSign' });
    running.controls.bankid.scan(started.orderRef, { person: 'erik' });

    const done = await client.collect({ orderRef: started.orderRef });
    expect(done.status).toBe('complete');
    expect(done.completionData).toMatchObject({
      user: { personalNumber: '197802022389', name: 'Erik Provström', givenName: 'Erik', surname: 'Provström' },
      device: { ipAddress: '198.51.100.7', uhi: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/) },
      bankIdIssueDate: '2024-03-15',
    });
    expect(Buffer.from(done.completionData!.signature, 'base64').toString()).toContain('<personalNumber>197802022389</personalNumber>');

    // A final state is collected once; BankID answers invalidParameters after that.
    await expect(client.collect({ orderRef: started.orderRef })).rejects.toMatchObject({ code: 'invalidParameters' });
    await expect(client.collect({ orderRef: started.orderRef })).rejects.toBeInstanceOf(BankIdError);
  });

  it('refuses a client without a certificate in the TLS handshake', async () => {
    await expect(post('auth', { endUserIp: '127.0.0.1' }, { ca: rp().ca })).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|EPROTO|ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED/),
    });
  });

  it('refuses a client certificate another CA issued', async () => {
    const stranger = generateBankIdCertificates();
    await expect(post('auth', { endUserIp: '127.0.0.1' }, { ca: rp().ca, cert: stranger.clientCert, key: stranger.clientKey })).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|EPROTO|ERR_SSL/),
    });
  });

  it('answers the RP with its certificate, and BankID errors as {errorCode, details}', async () => {
    const made = await post('auth', { endUserIp: '127.0.0.1' }, rp());
    expect(made.status).toBe(200);
    const bad = await post('collect', { orderRef: 'not-a-uuid' }, rp());
    expect(bad).toEqual({ status: 400, json: { errorCode: 'invalidParameters', details: 'Invalid orderRef' } });
  });

  it('answers plain HTTP on the same port: the app page, but never the RP API', async () => {
    const http = base.replace('https:', 'http:');
    const page = await fetch(`${http}/app`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>BankID (emulator)</h1>');
    const api = await fetch(`${http}/rp/v6.0/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endUserIp: '127.0.0.1' }) });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ errorCode: 'unauthorized' });
  });

  it('takes the tester through the app page in a browser’s way: paste the QR code, pick a person, identify', async () => {
    const made = (await post('auth', { endUserIp: '203.0.113.5', userVisibleData: Buffer.from('Logga in hos Exempel AB').toString('base64') }, rp())).json as {
      orderRef: string;
    };
    const qr = running.controls.bankid.order(made.orderRef)!.qrData!;
    const app = bankIdEmulatedAppUrl(base);
    expect(app).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/app$/);

    const scanPage = await (await fetch(app)).text();
    expect(scanPage).toMatch(/<label for="qr">QR code contents<\/label>/);
    const scanAction = /<form method="post" action="([^"]+)">/.exec(scanPage)![1]!;
    const orderPage = await (await fetch(new URL(scanAction, app), { method: 'POST', body: new URLSearchParams({ qr }) })).text();
    expect(orderPage).toContain('Logga in hos Exempel AB');
    expect(orderPage).toContain('<legend>Test person</legend>');
    expect(orderPage).toMatch(/<button type="submit" name="action" value="identify">Identify<\/button>/);
    expect(running.controls.bankid.order(made.orderRef)).toMatchObject({ status: 'pending', hintCode: 'userSign', pickedUpVia: 'qr' });

    const identifyAction = /<form method="post" action="([^"]+)">/.exec(orderPage)![1]!;
    const people = [...orderPage.matchAll(/<input type="radio" id="[^"]+" name="person" value="([^"]+)"/g)].map((m) => m[1]);
    expect(people).toEqual(['anna', 'erik', 'blocked']);
    const result = await fetch(new URL(identifyAction, app), { method: 'POST', body: new URLSearchParams({ person: 'anna', action: 'identify', redirect: '' }) });
    expect(result.status).toBe(200);
    expect(await result.text()).toContain('Done: Anna Testsson identified.');

    const collected = await post('collect', { orderRef: made.orderRef }, rp());
    expect(collected.json).toMatchObject({ status: 'complete', completionData: { user: { personalNumber: '199908072391' }, device: { ipAddress: '203.0.113.5' } } });
  });

  it('offers its controls over plain HTTP for tests in another process', async () => {
    const made = (await post('auth', { endUserIp: '127.0.0.1' }, rp())).json as { orderRef: string };
    const control = `${base.replace('https:', 'http:')}/__emulator__/bankid`;
    const scanned = await fetch(`${control}/scan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderRef: made.orderRef, action: 'cancel' }) });
    expect(await scanned.json()).toMatchObject({ orderRef: made.orderRef, status: 'failed', hintCode: 'userCancel' });
    const order = (await (await fetch(`${control}/orders/${made.orderRef}`)).json()) as Record<string, unknown>;
    expect(order).not.toHaveProperty('qrStartSecret');
    const refused = await fetch(`${control}/scan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ payload: 'bankid.nope' }) });
    expect(refused.status).toBe(400);
  });
});

describe('stopping the TLS listener', () => {
  it('closes the port even with a TLS keep-alive connection open', async () => {
    const other = await startEmulators({ providers: ['bankid'] });
    const { caCert, clientCert, clientKey } = other.controls.bankid.certificates;
    const agent = new Agent({ ca: caCert, cert: clientCert, key: clientKey, keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${other.urls.bankid}/rp/v6.0/collect`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(400);
    await other.stop();
    await expect(fetch(other.urls.bankid.replace('https:', 'http:') + '/app')).rejects.toThrow();
    agent.destroy();
  });
});
