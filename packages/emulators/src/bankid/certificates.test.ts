// The emulator's certificates: a CA that issued the server and client certificates for their uses,
// made once into a data dir and reused after (owner-only files), one set per process without one,
// and the BFF's settings carrying them on one line each.
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBankIdEmulator } from './app.js';
import { bankIdCertificates, generateBankIdCertificates } from './certificates.js';
import { bankIdWiring } from './wiring.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bankid-certs-'));
  dirs.push(dir);
  return dir;
};

describe('the BankID emulator certificates', () => {
  it('chain to the emulator CA, with the server named for loopback and the client for client auth', () => {
    const set = generateBankIdCertificates();
    const ca = new X509Certificate(set.caCert);
    const server = new X509Certificate(set.serverCert);
    const client = new X509Certificate(set.clientCert);
    expect(ca.ca).toBe(true);
    for (const leaf of [server, client]) {
      expect(leaf.ca).toBe(false);
      expect(leaf.checkIssued(ca)).toBe(true);
      expect(leaf.verify(ca.publicKey)).toBe(true);
    }
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(client.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
    expect(client.subject).toContain('CN=Emulator RP Testcert');
  });

  it('are made into a data dir on first start, owner-only, and reused after', () => {
    const dataDir = tempDir();
    const first = bankIdCertificates(dataDir);
    const file = join(dataDir, 'bankid', 'client-key.pem');
    expect(readFileSync(file, 'utf8')).toBe(first.clientKey);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A later process (the cache is per process) reads the same files.
    const emulator = createBankIdEmulator({ dataDir: join(dataDir, '.') });
    expect(emulator.controls.certificates.clientCert).toBe(first.clientCert);
  });

  it('are made again when the stored set does not verify', () => {
    const dataDir = tempDir();
    const stale = generateBankIdCertificates();
    const other = generateBankIdCertificates();
    const dir = join(dataDir, 'bankid');
    mkdirSync(dir);
    for (const [name, pem] of Object.entries({ 'ca.pem': other.caCert, 'ca-key.pem': other.caKey, 'server.pem': stale.serverCert, 'server-key.pem': stale.serverKey, 'client.pem': stale.clientCert, 'client-key.pem': stale.clientKey })) {
      writeFileSync(join(dir, name), pem);
    }
    const made = bankIdCertificates(dataDir);
    expect(made.clientCert).not.toBe(stale.clientCert);
    expect(new X509Certificate(made.clientCert).verify(new X509Certificate(made.caCert).publicKey)).toBe(true);
  });

  it('reach the BFF as the settings of the emulator made last, each PEM on one line', () => {
    const emulator = createBankIdEmulator();
    const env = bankIdWiring.bffEnv({ url: 'https://127.0.0.1:4443', urlOf: () => '' });
    expect(env.BANKID_API_BASE).toBe('https://127.0.0.1:4443/rp/v6.0');
    for (const key of ['BANKID_CLIENT_CERT', 'BANKID_CLIENT_KEY', 'BANKID_CA_CERT'] as const) expect(env[key]).not.toContain('\n');
    expect(env.BANKID_CLIENT_CERT!.replace(/\\n/g, '\n')).toBe(emulator.controls.certificates.clientCert.trim());
    expect(env.BANKID_CA_CERT!.replace(/\\n/g, '\n')).toBe(emulator.controls.certificates.caCert.trim());
    expect(env.BANKID_CLIENT_KEY).toMatch(/^-----BEGIN PRIVATE KEY-----\\n/);
  });
});
