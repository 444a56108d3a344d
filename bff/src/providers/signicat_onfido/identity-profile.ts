// Signicat Assure's identity profile (seed 004): what the attempt's Onfido process established,
// read live from Assure (its verdicts, and for the person its normalised finalResult, which we
// never store). Assure certifies no trust framework (NONE, no schemes).
//
//   identity_assertion   the names we keep (finalResult's); the date of birth from finalResult
//   assurance_process    HIGH for a documentSelfie or documentVideo process, else SUBSTANTIAL (the
//                        level the attempt's claim carries) · SIGNICAT_ASSURE · Assure's process
//                        type (document, documentSelfie, documentVideo)
//   evidence.documents   the document Onfido verified for Assure: finalResult as Yoti's document
//                        fields, and passed_checks as for Onfido (onfido/identity-profile.ts) from
//                        providerSpecific.documentVerification's breakdowns that Assure relays as
//                        clear (dataValidation.documentExpiration, issuingAuthority.
//                        nfcPassiveAuthentication, policeRecord or compromisedDocument.
//                        documentDatabase), AUTOMATED_FACE_MATCH from facialSimilarity's
//                        faceComparison.faceMatch. evidence_id `<process id>:document`, media_ids
//                        Onfido's document id where Assure relays it
//   evidence.face        facialSimilarity, only when clear: STATIC for a selfie, ACTIVE for a
//                        video; evidence_id `<process id>:face`, media_ids Onfido's live photo id
import type { DocumentEvidence, FaceEvidence, IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import { dateParts, identityAssertionOf, reportTimestamp, uncertifiedReport } from '../identity-profile.js';
import { alpha3Of, documentTypeOf, passedDocumentChecks, present, type VerdictBreakdown } from '../onfido/identity-profile.js';
import type { ProfileContext } from '../types.js';
import { providerResult, type AssureProcess, type ProcessIds } from './outcome.js';

export const SIGNICAT_ORG = 'SIGNICAT';

/** Assure's camelCase names as Onfido's own (issuingAuthority → issuing_authority), so Onfido's mapping reads them. */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
function onfidoNamed(b: Record<string, { result: string | null; breakdown: Record<string, { result: string | null }> }>): VerdictBreakdown {
  return Object.fromEntries(
    Object.entries(b).map(([section, s]) => [snake(section), { result: s.result, breakdown: Object.fromEntries(Object.entries(s.breakdown).map(([leaf, l]) => [snake(leaf), l])) }]),
  );
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const mediaId = (v: unknown): string[] => (typeof v === 'string' && UUID.test(v) ? [v] : []);

/** The report of a verified attempt from its accepted process, as Assure gave it. */
export function signicatIdentityProfile(ctx: ProfileContext, ids: ProcessIds, process: AssureProcess): IdentityProfileReport {
  // Verdicts by the allow-list the host's provider_result is kept by: nothing but result words, scores and ids.
  const { provider, process_type: processType } = providerResult(ids, process);
  const dv = provider.document_verification;
  const fs = provider.facial_similarity;
  const at = reportTimestamp(process.updatedAt && !Number.isNaN(Date.parse(process.updatedAt)) ? process.updatedAt : ctx.verifiedAt);

  const faceMatch = fs?.breakdowns.faceComparison?.breakdown.faceMatch;
  const faceMatched = (faceMatch?.result ?? fs?.face_comparison) === 'clear';
  const liveness = fs?.result === 'clear' ? (processType === 'documentVideo' ? 'ACTIVE' : processType === 'documentSelfie' ? 'STATIC' : null) : null;

  const documentBreakdown = onfidoNamed(dv?.breakdowns ?? {});
  // Assure also relays the police record's verdict beside the breakdowns.
  if (dv?.police_record && !documentBreakdown.police_record) documentBreakdown.police_record = { result: dv.police_record, breakdown: {} };

  const fr = process.finalResult ?? {};
  const given = str(fr.firstName);
  const family = str(fr.lastName);
  const documents: DocumentEvidence[] = dv
    ? [
        {
          evidence_id: `${ids.processId}:document`,
          timestamp: at,
          document_fields: present({
            full_name: [given, family].filter(Boolean).join(' ') || null,
            given_names: given,
            family_name: family,
            date_of_birth: str(fr.dateOfBirth),
            nationality: alpha3Of(str(fr.nationality)),
            document_type: documentTypeOf(str(fr.documentType) ?? dv.document_type),
            issuing_country: alpha3Of(str(fr.issuingCountry)),
            document_number: str(fr.documentNumber),
            expiration_date: str(fr.dateOfExpiry),
          }),
          passed_checks: passedDocumentChecks(documentBreakdown, faceMatched).map((check) => ({ check })),
          verifying_org: SIGNICAT_ORG,
          ...(mediaId(faceMatch?.properties.documentId).length ? { media_ids: mediaId(faceMatch?.properties.documentId) } : {}),
        },
      ]
    : [];
  const face: FaceEvidence | undefined = liveness
    ? {
        evidence_id: `${ids.processId}:face`,
        initial_liveness: { type: liveness, timestamp: at },
        verifying_org: SIGNICAT_ORG,
        ...(mediaId(faceMatch?.properties.livePhotoId).length ? { media_ids: mediaId(faceMatch?.properties.livePhotoId) } : {}),
      }
    : undefined;

  const dob = dateParts(str(fr.dateOfBirth));
  return uncertifiedReport(ctx, identityAssertionOf(ctx.verified, dob ?? ctx.verified?.dob), {
    assurance_process: {
      // As the verdict judged it (outcome.ts): a face was matched only in a selfie or video process.
      level_of_assurance: processType === 'documentSelfie' || processType === 'documentVideo' ? 'HIGH' : 'SUBSTANTIAL',
      policy: 'SIGNICAT_ASSURE',
      ...(processType ? { procedure: processType } : {}),
    },
    evidence: { ...(face ? { face } : {}), documents },
  });
}
