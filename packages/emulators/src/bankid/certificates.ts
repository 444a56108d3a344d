// The BankID emulator's certificates, as BankID's test environment has them: its own CA, a server
// certificate for the RP API on loopback, and a relying-party client certificate that CA issued
// (BankID hands RPs a test certificate the same way). Made at first start into a data dir when one
// is given and reused after, else once per process in memory.
import { generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { certificate, toPem, type DistinguishedName } from './der.js';

export interface BankIdCertificates {
  /** The emulator's CA: the BFF trusts it for the server and the RP API checks clients against it. */
  caCert: string;
  /** The CA's key: it also signs the emulator's completion signatures. Never leaves the emulator. */
  caKey: string;
  /** The RP API's server certificate (localhost, 127.0.0.1, ::1) and key. */
  serverCert: string;
  serverKey: string;
  /** The relying party's client certificate and key, for mutual TLS. */
  clientCert: string;
  clientKey: string;
}

/** Files in `<dataDir>/bankid/`; the CA's key stays there too, so the set can be extended later. */
const FILES = {
  caCert: 'ca.pem',
  caKey: 'ca-key.pem',
  serverCert: 'server.pem',
  serverKey: 'server-key.pem',
  clientCert: 'client.pem',
  clientKey: 'client-key.pem',
} as const;

const DAY_MS = 86_400_000;
// Apple platforms refuse TLS server certificates valid for more than 825 days, even from a
// private CA; the CA itself may live longer.
const LEAF_DAYS = 800;
const CA_DAYS = 3650;
/** A stored set this close to its end is made again rather than failing in the middle of a run. */
const RENEW_BEFORE_DAYS = 30;

const ORGANIZATION = 'identity-verify BankID emulator';
export const CA_NAME: DistinguishedName = { commonName: 'BankID Emulator Root CA v1 Test', organization: ORGANIZATION, country: 'SE' };
export const CLIENT_NAME: DistinguishedName = { commonName: 'Emulator RP Testcert', organization: ORGANIZATION, country: 'SE' };

const newKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const keyPem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;
// A positive 16-byte serial with its top bit clear, unique enough for a private CA.
const serial = () => Buffer.concat([Buffer.from([0x40 | (randomBytes(1)[0]! & 0x3f)]), randomBytes(15)]);

/** A fresh CA, server and client set (real time: TLS checks validity against the real clock). */
export function generateBankIdCertificates(now = new Date()): BankIdCertificates {
  const caKey = newKey();
  const serverKey = newKey();
  const clientKey = newKey();
  const notBefore = new Date(now.getTime() - DAY_MS);
  const leafUntil = new Date(now.getTime() + LEAF_DAYS * DAY_MS);
  const issued = { issuer: CA_NAME, issuerKey: caKey, notBefore } as const;
  const caCert = certificate({ ...issued, subject: CA_NAME, publicKey: caKey, serial: serial(), notAfter: new Date(now.getTime() + CA_DAYS * DAY_MS), role: { ca: true } });
  const serverCert = certificate({
    ...issued,
    subject: { commonName: 'localhost', organization: ORGANIZATION, country: 'SE' },
    publicKey: serverKey,
    serial: serial(),
    notAfter: leafUntil,
    role: { ca: false, uses: ['serverAuth'], dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] },
  });
  const clientCert = certificate({ ...issued, subject: CLIENT_NAME, publicKey: clientKey, serial: serial(), notAfter: leafUntil, role: { ca: false, uses: ['clientAuth'] } });
  return {
    caCert: toPem(caCert),
    caKey: keyPem(caKey),
    serverCert: toPem(serverCert),
    serverKey: keyPem(serverKey),
    clientCert: toPem(clientCert),
    clientKey: keyPem(clientKey),
  };
}

function usable(set: BankIdCertificates, now: Date): boolean {
  try {
    const ca = new X509Certificate(set.caCert);
    return [set.serverCert, set.clientCert].every((pem) => {
      const cert = new X509Certificate(pem);
      return cert.verify(ca.publicKey) && new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_DAYS * DAY_MS;
    });
  } catch {
    return false;
  }
}

function loadOrCreate(dir: string): BankIdCertificates {
  const now = new Date();
  if (Object.values(FILES).every((f) => existsSync(join(dir, f)))) {
    const stored = Object.fromEntries(Object.entries(FILES).map(([k, f]) => [k, readFileSync(join(dir, f), 'utf8')])) as unknown as BankIdCertificates;
    if (usable(stored, now)) return stored;
  }
  const made = generateBankIdCertificates(now);
  // Owner-only, like the data dir's other secrets: the keys let anyone act as the RP or the server.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [k, f] of Object.entries(FILES)) writeFileSync(join(dir, f), made[k as keyof typeof FILES], { mode: 0o600 });
  return made;
}

const byDir = new Map<string, BankIdCertificates>();
let inMemory: BankIdCertificates | undefined;
let current: BankIdCertificates | undefined;

/**
 * The certificate set for a data dir (`<dataDir>/bankid/*.pem`, made on first use), or without one
 * this process's in-memory set. Either way the same object for the same place, so an emulator and
 * the BFF settings given beside it agree.
 */
export function bankIdCertificates(dataDir?: string): BankIdCertificates {
  if (dataDir === undefined) return (inMemory ??= generateBankIdCertificates());
  const dir = resolve(dataDir, 'bankid');
  let set = byDir.get(dir);
  if (!set) byDir.set(dir, (set = loadOrCreate(dir)));
  return set;
}

/**
 * The set of the BankID emulator made last in this process (the in-memory set when none was).
 * The stack's wiring reads the BFF's settings from it: a wiring sees only the emulator's URL.
 */
export function currentBankIdCertificates(): BankIdCertificates {
  return current ?? bankIdCertificates();
}

export function useBankIdCertificates(set: BankIdCertificates): void {
  current = set;
}

/** A PEM on one line, its line breaks written `\n`, as env files and secret stores hold it. */
export const oneLinePem = (pem: string) => pem.trim().replace(/\n/g, '\\n');
