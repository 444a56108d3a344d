// Just enough DER to write X.509 v3 certificates with Node's own crypto: the emulator makes its
// certificates synchronously (the stack reads the BFF's settings synchronously) and on any
// machine, without an openssl binary or a certificate library.
import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';

type Der = Buffer;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, value: Buffer): Der => Buffer.concat([Buffer.from([tag]), length(value.length), value]);
export const sequence = (...items: Der[]): Der => tlv(0x30, Buffer.concat(items));
const set = (...items: Der[]): Der => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Der): Der => tlv(0xa0 + n, inner);
const octets = (value: Buffer): Der => tlv(0x04, value);
const bitString = (value: Buffer, unusedBits = 0): Der => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), value]));
const bool = (value: boolean): Der => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
const utf8 = (text: string): Der => tlv(0x0c, Buffer.from(text, 'utf8'));
export const enumerated = (n: number): Der => tlv(0x0a, Buffer.from([n]));

/** A non-negative integer from its big-endian bytes, with the sign byte DER needs. */
function unsignedInteger(bytes: Buffer): Der {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Der {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [a * 40 + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 requires. */
function time(at: Date): Der {
  const iso = at.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return at.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  country: '2.5.4.6',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

export interface DistinguishedName {
  commonName: string;
  organization?: string;
  country?: string;
}

function name(dn: DistinguishedName): Der {
  const rdn = (type: string, value: Der) => set(sequence(oid(type), value));
  return sequence(
    ...(dn.country ? [rdn(OID.country, tlv(0x13, Buffer.from(dn.country)))] : []),
    ...(dn.organization ? [rdn(OID.organization, utf8(dn.organization))] : []),
    rdn(OID.commonName, utf8(dn.commonName)),
  );
}

function extension(id: string, critical: boolean, value: Der): Der {
  return sequence(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

/** The key identifier RFC 5280 §4.2.1.2 (1) describes: SHA-1 of the public key's bits. */
export function keyIdentifier(key: KeyObject): Buffer {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  // An EC P-256 SPKI ends with the 65-byte uncompressed point after the BIT STRING's unused-bits byte.
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
}

export interface CertificateRequest {
  subject: DistinguishedName;
  /** The certified key (public part is used). */
  publicKey: KeyObject;
  issuer: DistinguishedName;
  issuerKey: KeyObject;
  /** Serial number bytes (positive; up to 20 bytes). */
  serial: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** A CA that signs certificates, or an end entity with these uses. */
  role: { ca: true } | { ca: false; uses: ReadonlyArray<'serverAuth' | 'clientAuth'>; dnsNames?: readonly string[]; ipAddresses?: readonly string[] };
}

function ipBytes(ip: string): Buffer {
  if (ip.includes(':')) {
    // Only the forms the emulator uses: "::1" and full addresses.
    const [head = '', tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    return Buffer.from(groups.flatMap((g) => { const v = parseInt(g, 16); return [v >> 8, v & 0xff]; }));
  }
  return Buffer.from(ip.split('.').map(Number));
}

/** A signed certificate (ECDSA with SHA-256; the issuer key must be EC P-256), as DER. */
export function certificate(req: CertificateRequest): Buffer {
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const role = req.role;
  const extensions: Der[] = [
    extension(OID.basicConstraints, true, role.ca ? sequence(bool(true)) : sequence()),
    // keyCertSign|cRLSign (bits 5, 6) for the CA; digitalSignature (bit 0) for an ECDSA end entity.
    extension(OID.keyUsage, true, role.ca ? bitString(Buffer.from([0x06]), 1) : bitString(Buffer.from([0x80]), 7)),
    extension(OID.subjectKeyIdentifier, false, octets(keyIdentifier(req.publicKey))),
    extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, keyIdentifier(req.issuerKey)))),
  ];
  if (!role.ca) {
    extensions.push(extension(OID.extKeyUsage, false, sequence(...role.uses.map((u) => oid(OID[u])))));
    const names = [
      ...(role.dnsNames ?? []).map((d) => tlv(0x82, Buffer.from(d))),
      ...(role.ipAddresses ?? []).map((ip) => tlv(0x87, ipBytes(ip))),
    ];
    if (names.length) extensions.push(extension(OID.subjectAltName, false, sequence(...names)));
  }
  const tbs = sequence(
    explicit(0, tlv(0x02, Buffer.from([2]))),
    unsignedInteger(req.serial),
    algorithm,
    name(req.issuer),
    sequence(time(req.notBefore), time(req.notAfter)),
    name(req.subject),
    createPublicKey(req.publicKey).export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions)),
  );
  // Node's ECDSA signatures are DER (r, s) already, as X.509 wants them.
  return sequence(tbs, algorithm, bitString(sign('sha256', tbs, req.issuerKey)));
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
