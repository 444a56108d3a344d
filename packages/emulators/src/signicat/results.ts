// The Get process body for each status. Final bodies copy the structure of seed 001's examples
// key for key (accepted: the passport example; inconclusive; rejected; canceled; failed): Onfido's
// `providerSpecific` block (documentVerification, plus facialSimilarity for documentSelfie and
// documentVideo) and, when accepted, the normalised `finalResult`. Values are invented: a fictional
// person, whose document was issued by the process's country of residence.
import { iso, type DocumentType, type ProcessRecord } from './model.js';

type Result = 'clear' | 'consider' | 'unidentified';
type Leaf = { result?: Result; properties: Record<string, unknown> };

const leaf = (result?: Result, properties: Record<string, unknown> = {}): Leaf => (result ? { result, properties } : { properties });
const leaves = (result: Result | undefined, names: readonly string[]): Record<string, Leaf> =>
  Object.fromEntries(names.map((n) => [n, leaf(result)]));

/** The fictional document holder every emulated result reads. */
export const SIGNICAT_TEST_PERSON = {
  firstName: 'EMMA SOPHIE',
  lastName: 'EMULATOR',
  dateOfBirth: '1988-04-21',
  gender: 'F',
  documentNumber: 'EMU4X7Q21',
  dateOfExpiry: '2033-05-14',
  dateOfIssue: '2023-05-15',
  placeOfBirth: 'SPECIMEN CITY',
  personalIdentificationNumber: '123456782',
  aliasName: 'SAMPLE',
} as const;

// ICAO 9303 check digit: weights 7,3,1 over digits, A=10…Z=35, '<'=0.
function checkDigit(s: string): string {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const v = ch === '<' ? 0 : /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += v * [7, 3, 1][i % 3]!;
  }
  return String(sum % 10);
}

/** The two MRZ lines (TD3, 44 characters each) of a passport for the test person. */
export function passportMrz(country: string): [string, string] {
  const p = SIGNICAT_TEST_PERSON;
  const line1 = `P<${country}${p.lastName.replace(/ /g, '<')}<<${p.firstName.replace(/ /g, '<')}`.padEnd(44, '<');
  const yymmdd = (d: string) => d.slice(2).replace(/-/g, '');
  const doc = p.documentNumber.padEnd(9, '<');
  const pin = p.personalIdentificationNumber.padEnd(14, '<');
  const dob = yymmdd(p.dateOfBirth);
  const exp = yymmdd(p.dateOfExpiry);
  const composite = `${doc}${checkDigit(doc)}${dob}${checkDigit(dob)}${exp}${checkDigit(exp)}${pin}${checkDigit(pin)}`;
  const line2 = `${doc}${checkDigit(doc)}${country}${dob}${checkDigit(dob)}${p.gender}${exp}${checkDigit(exp)}${pin}${checkDigit(pin)}${checkDigit(composite)}`;
  return [line1, line2];
}

interface Facts {
  documentType: DocumentType;
  issuingCountry: string;
  documentId: string;
  livePhotoId: string;
}

function factsOf(p: ProcessRecord): Facts {
  return {
    // The process's own document type, else the one chosen in Onfido's SDK, else a passport.
    documentType: p.documentType ?? p.outcome?.documentType ?? 'passport',
    issuingCountry: p.location.countryOfResidence ?? 'NLD',
    documentId: p.outcome?.documentId ?? '',
    livePhotoId: p.outcome?.livePhotoId ?? '',
  };
}

const hasFace = (p: ProcessRecord) => p.processType !== 'document';

function acceptedDocument(f: Facts) {
  const p = SIGNICAT_TEST_PERSON;
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
    documentType: f.documentType,
    documentNumber: p.documentNumber,
    dateOfExpiry: p.dateOfExpiry,
    issuingCountry: f.issuingCountry,
    subResult: 'clear',
    ageValidation: 'clear',
    policeRecord: 'clear',
    dataConsistency: 'clear',
    dataValidation: 'clear',
    imageIntegrity: 'clear',
    dataComparison: 'clear',
    compromisedDocument: 'clear',
    result: 'clear',
    breakdowns: {
      imageIntegrity: { result: 'clear', breakdown: leaves('clear', ['supportedDocument', 'colourPicture', 'imageQuality', 'conclusiveDocumentQuality']) },
      dataConsistency: {
        result: 'clear',
        breakdown: leaves('clear', ['lastName', 'firstName', 'dateOfExpiry', 'nationality', 'gender', 'multipleDataSourcesPresent', 'documentType', 'issuingCountry', 'dateOfBirth', 'documentNumbers']),
      },
      dataComparison: {
        result: 'clear',
        breakdown: leaves('clear', ['firstName', 'lastName', 'dateOfExpiry', 'gender', 'documentType', 'issuingCountry', 'dateOfBirth', 'documentNumbers']),
      },
      ageValidation: { result: 'clear', breakdown: leaves('clear', ['minimumAcceptedAge']) },
      policeRecord: { result: 'clear' },
      visualAuthenticity: {
        result: 'clear',
        breakdown: leaves('clear', ['faceDetection', 'template', 'pictureFaceIntegrity', 'other', 'securityFeatures', 'fonts', 'originalDocumentPresent', 'digitalTampering']),
      },
      dataValidation: { result: 'clear', breakdown: leaves('clear', ['expiryDate', 'mrz', 'gender', 'dateOfBirth', 'documentExpiration', 'documentNumbers']) },
      compromisedDocument: { result: 'clear', breakdown: leaves('clear', ['documentDatabase', 'repeatAttempts']) },
    },
    visualAuthenticity: 'clear',
  };
}

function inconclusiveDocument(f: Facts) {
  const p = SIGNICAT_TEST_PERSON;
  const mrz = f.documentType === 'passport' ? passportMrz(f.issuingCountry) : undefined;
  const c = (): Leaf => leaf('clear');
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    gender: p.gender,
    nationality: f.issuingCountry,
    dateOfBirth: p.dateOfBirth,
    documentType: f.documentType,
    documentNumber: p.documentNumber,
    dateOfExpiry: p.dateOfExpiry,
    issuingCountry: f.issuingCountry,
    dateOfIssue: p.dateOfIssue,
    placeOfBirth: p.placeOfBirth,
    personalIdentificationNumber: p.personalIdentificationNumber,
    ...(mrz ? { mrzLine1: mrz[0], mrzLine2: mrz[1] } : {}),
    subResult: 'suspected',
    ageValidation: 'clear',
    dataConsistency: 'clear',
    dataValidation: 'consider',
    imageIntegrity: 'clear',
    compromisedDocument: 'consider',
    result: 'consider',
    aliasName: p.aliasName,
    breakdowns: {
      issuingAuthority: { breakdown: leaves(undefined, ['nfcActiveAuthentication', 'nfcPassiveAuthentication']) },
      imageIntegrity: {
        result: 'clear',
        breakdown: {
          supportedDocument: leaf('clear', { onfidoSupportedDocument: 'clear', customSupportedDocument: 'clear', issuingCountrySubjectToSanctions: 'clear' }),
          colourPicture: c(),
          imageQuality: c(),
          conclusiveDocumentQuality: leaf('clear', {
            cornerRemoved: 'clear',
            abnormalDocumentFeatures: 'clear',
            obscuredSecurityFeatures: 'clear',
            watermarksDigitalTextOverlay: 'clear',
            puncturedDocument: 'clear',
            obscuredDataPoints: 'clear',
            missingBack: 'clear',
            digitalDocument: 'clear',
          }),
        },
      },
      dataConsistency: {
        result: 'clear',
        breakdown: {
          dateOfExpiry: c(),
          lastName: c(),
          firstName: c(),
          nationality: leaf(),
          gender: c(),
          multipleDataSourcesPresent: leaf(),
          documentType: c(),
          issuingCountry: c(),
          dateOfBirth: c(),
          documentNumbers: c(),
        },
      },
      dataComparison: {
        breakdown: leaves(undefined, ['dateOfExpiry', 'lastName', 'firstName', 'gender', 'documentType', 'issuingCountry', 'dateOfBirth', 'documentNumbers']),
      },
      ageValidation: { result: 'clear', breakdown: leaves('clear', ['minimumAcceptedAge']) },
      policeRecord: {},
      dataValidation: {
        result: 'consider',
        breakdown: {
          expiryDate: c(),
          mrz: c(),
          gender: c(),
          dateOfBirth: c(),
          documentExpiration: leaf('consider'),
          barcode: leaf(),
          documentNumbers: c(),
        },
      },
      visualAuthenticity: {
        result: 'clear',
        breakdown: {
          ...leaves('clear', ['faceDetection', 'template', 'pictureFaceIntegrity', 'other', 'securityFeatures', 'fonts']),
          originalDocumentPresent: leaf('clear', { scan: 'clear', screenshot: 'clear', photoOfScreen: 'clear', documentOnPrintedPaper: 'clear' }),
          digitalTampering: c(),
        },
      },
      compromisedDocument: { result: 'consider', breakdown: { documentDatabase: leaf('consider'), repeatAttempts: leaf() } },
    },
    visualAuthenticity: 'clear',
  };
}

function rejectedDocument() {
  return {
    subResult: 'rejected',
    imageIntegrity: 'consider',
    result: 'consider',
    breakdowns: {
      imageIntegrity: { result: 'consider', breakdown: { supportedDocument: leaf('clear'), imageQuality: leaf('unidentified') } },
    },
  };
}

function facialSimilarity(f: Facts, match: boolean) {
  const r: Result = match ? 'clear' : 'consider';
  return {
    result: r,
    imageIntegrity: 'clear',
    faceComparison: r,
    visualAuthenticity: 'clear',
    similarityScore: match ? 'medium' : 'low',
    breakdowns: {
      imageIntegrity: { result: 'clear', breakdown: leaves('clear', ['faceDetected', 'sourceIntegrity']) },
      faceComparison: {
        result: r,
        breakdown: { faceMatch: leaf(r, { score: match ? 0.7134 : 0.2871, livePhotoId: f.livePhotoId, documentId: f.documentId }) },
      },
      visualAuthenticity: { result: 'clear', breakdown: { spoofingDetection: leaf('clear', { score: match ? 0.9388 : 0.7215 }) } },
    },
  };
}

/** The normalised result of an accepted process (the person, the document and, with a face, the similarity). */
function finalResult(p: ProcessRecord, f: Facts) {
  const t = SIGNICAT_TEST_PERSON;
  return {
    firstName: t.firstName,
    lastName: t.lastName,
    dateOfExpiry: t.dateOfExpiry,
    dateOfBirth: t.dateOfBirth,
    documentType: f.documentType,
    documentNumber: t.documentNumber,
    issuingCountry: f.issuingCountry,
    ...(hasFace(p) ? { similarityScore: 'medium' } : {}),
  };
}

/** Why a failed process failed: Onfido's 422 relayed, as in seed 001's example (wording invented). */
export const FAIL_REASON = {
  type: 'upload_failed',
  message: 'There was a validation error on this request (status code 422) | Field errors: {document_detection=[no document in image]}',
} as const;

/** The Get process body (the dossier's `processes[]` entries too) for the process as it is now. */
export function renderProcess(p: ProcessRecord): Record<string, unknown> {
  const head = { processId: p.processId, provider: p.provider, processType: p.processType };
  const times = { createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt) };
  const f = factsOf(p);
  const depictions = p.outcome?.depictions ?? [];
  switch (p.status) {
    case 'pending':
    case 'processing':
      return { ...head, status: p.status, ...times };
    case 'accepted':
      return {
        ...head,
        status: p.status,
        depictions,
        finalResult: finalResult(p, f),
        providerSpecific: { documentVerification: acceptedDocument(f), ...(hasFace(p) ? { facialSimilarity: facialSimilarity(f, true) } : {}) },
        ...times,
      };
    case 'inconclusive':
      return {
        ...head,
        status: p.status,
        depictions,
        providerSpecific: { documentVerification: inconclusiveDocument(f), ...(hasFace(p) ? { facialSimilarity: facialSimilarity(f, false) } : {}) },
        ...times,
      };
    case 'rejected':
      return {
        ...head,
        status: p.status,
        depictions,
        providerSpecific: { documentVerification: rejectedDocument(), ...(hasFace(p) ? { facialSimilarity: facialSimilarity(f, true) } : {}) },
        ...times,
      };
    case 'canceled':
      return { status: p.status, ...head, ...times, providerSpecific: {} };
    case 'failed':
      return { status: p.status, ...head, ...times, failReason: { ...FAIL_REASON } };
  }
}
