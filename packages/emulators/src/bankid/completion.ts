// What collect returns for a completed order: the person, the device, the BankID's issue date,
// the step-up, and BankID's signature and OCSP response. The signature is an XML-DSig document
// shaped like BankID's (its signed data carries the texts the person saw and the hidden data),
// signed with the emulator CA's key; the OCSP response is a DER stub. Neither is a real BankID
// artefact: a relying party that verifies them against BankID's roots will refuse them, as it should.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { enumerated, sequence } from './der.js';
import type { Order } from './orders.js';
import { fullName, type BankIdPerson } from './people.js';

export interface CompletionData {
  user: { personalNumber: string; name: string; givenName: string; surname: string };
  device: { ipAddress: string; uhi: string };
  bankIdIssueDate: string;
  stepUp?: { mrtd: boolean };
  signature: string;
  ocspResponse: string;
  risk?: 'low' | 'moderate' | 'high';
}

/** The phone's address when the order gave none (phone orders): TEST-NET-1, never routed. */
const PHONE_IP = '192.0.2.10';

const xmlEscape = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

function signatureXml(order: Order, person: BankIdPerson, at: number, signingKeyPem: string): string {
  const signedData = [
    '<bankIdSignedData xmlns="http://www.bankid.com/signature/v1.0.0/types" Id="bidSignedData">',
    order.userVisibleData ? `<usrVisibleData charset="UTF-8" visible="wysiwys">${xmlEscape(order.userVisibleData)}</usrVisibleData>` : '',
    order.userNonVisibleData ? `<usrNonVisibleData>${xmlEscape(order.userNonVisibleData)}</usrNonVisibleData>` : '',
    `<srvInfo><name>${xmlEscape('identity-verify BankID emulator')}</name><nonce>${createHash('sha256').update(order.orderRef).digest('base64')}</nonce></srvInfo>`,
    `<clientInfo><funcId>${order.kind.endsWith('sign') ? 'Signing' : 'Identification'}</funcId><env><ai><type>${xmlEscape('Emulated app')}</type></ai></env></clientInfo>`,
    `<personalNumber>${person.personalNumber}</personalNumber><time>${new Date(at).toISOString()}</time>`,
    '</bankIdSignedData>',
  ].join('');
  const digest = createHash('sha256').update(signedData).digest('base64');
  const signedInfo =
    '<SignedInfo xmlns="http://www.w3.org/2000/09/xmldsig#">' +
    '<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
    '<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>' +
    `<Reference Type="http://www.bankid.com/signature/v1.0.0/types" URI="#bidSignedData"><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue>${digest}</DigestValue></Reference>` +
    '</SignedInfo>';
  const value = sign('sha256', Buffer.from(signedInfo), { key: createPrivateKey(signingKeyPem), dsaEncoding: 'ieee-p1363' }).toString('base64');
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?><Signature xmlns="http://www.w3.org/2000/09/xmldsig#">${signedInfo}<SignatureValue>${value}</SignatureValue><Object>${signedData}</Object></Signature>`;
}

export function completionData(order: Order, person: BankIdPerson, at: number, signingKeyPem: string): CompletionData {
  return {
    user: { personalNumber: person.personalNumber, name: fullName(person), givenName: person.givenName, surname: person.surname },
    device: {
      ipAddress: order.endUserIp ?? PHONE_IP,
      // Stable per person, as the real one is per device: 20 bytes in base64, like BankID's.
      uhi: createHash('sha1').update(`bankid-emulator-device:${person.id}`).digest('base64'),
    },
    bankIdIssueDate: person.bankIdIssueDate,
    ...(order.requirement.mrtd ? { stepUp: { mrtd: true } } : {}),
    signature: Buffer.from(signatureXml(order, person, at, signingKeyPem)).toString('base64'),
    // OCSPResponse { responseStatus successful }, without the responseBytes a real one carries.
    ocspResponse: sequence(enumerated(0)).toString('base64'),
    ...(order.returnRisk ? { risk: 'low' as const } : {}),
  };
}
