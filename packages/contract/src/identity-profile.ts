// The identity profile report (seed 004): what was established about a person and how, in one
// shape for every provider. Yoti certifies one against a trust framework; for the others we map
// what the provider actually established into the same fields, and name a trust framework or a
// scheme only where the provider certified one. The JSON schema is identity-profile-schema.ts.
//
// A host reads it with GET /v1/sessions/:id?include=identity_profile: present for a verified
// identity-layer session, null otherwise (a humanity session keeps no personal data, and a
// session not verified established nothing to report). Reading it is audited.
//
// How each provider's evidence maps (trust_framework NONE: the provider certified no framework):
//
// | provider        | trust_framework / schemes          | assurance_process (level · policy · procedure) | evidence                                                                 | authentication_report |
// |-----------------|------------------------------------|-----------------------------------------------|--------------------------------------------------------------------------|-----------------------|
// | yoti            | as Yoti certified (UK_TFIDA RTW/RTR/DBS, YOTI_GLOBAL IDENTITY), its report (the session's media) as Yoti gave it, refused unless it validates here, names UK_TFIDA or YOTI_GLOBAL and has our session as subject_id | as Yoti certified | as Yoti certified | as Yoti certified |
// | stripe_identity | NONE, []                           | HIGH · STRIPE_IDENTITY · DOCUMENT or DOCUMENT_SELFIE | documents: Stripe's document check, its fields read live with the restricted key (DOCUMENT_IN_DATE when verified; AUTOMATED_FACE_MATCH when the selfie verified too); face: STATIC when the selfie verified; ids `<vr_…>:document`, `:selfie` | — |
// | onfido          | NONE, []                           | HIGH with a face report clear, else SUBSTANTIAL · ONFIDO · the reports run (document+facial_similarity_photo) | documents: each document report, its properties read live; passed_checks where its breakdown is clear (DOCUMENT_IN_DATE data_validation.document_expiration, CHIP_DIGITAL_SIGNATURE issuing_authority.nfc_passive_authentication, FRAUD_DOCUMENTS_LIST police_record or compromised_document.document_database, AUTOMATED_FACE_MATCH the face report's face_match); face: the facial similarity report when clear (STATIC photo, ACTIVE video/motion); ids Onfido's report ids | — |
// | signicat_onfido | NONE, []                           | HIGH for documentSelfie/documentVideo, else SUBSTANTIAL · SIGNICAT_ASSURE · the process type | as Onfido, from the accepted process read live: finalResult as the document's fields, documentVerification's and facialSimilarity's breakdowns as Assure relays them (STATIC selfie, ACTIVE video); ids `<process id>:document`, `:face` | — |
// | login_gov       | NONE, []                           | HIGH · NIST_800_63_3 · IAL2 for a facial match (acr verified-facial-match-required, or -preferred with ial saying one); plain "verified" is not IAL2 (Login.gov says so): HIGH · LOGIN_GOV · its acr (urn:acr.login.gov:verified) | electronic_records: Login.gov's proofing, identity_details only what it returned (names, birthdate, address, an SSN's last four when asked), at its verified_at; id `er_<attempt>` | the sign-in's aal: NIST_800_63_3 · AAL2/AAL3 (qualifier kept) where asserted, else LOGIN_GOV · MFA (its default); id `ar_<attempt>` |
// | id_me           | NONE, []                           | HIGH · NIST_800_63_3 · IAL2 where the policy handle asserted (acr) names …/ial/2, else HIGH · ID_ME · the handle | electronic_records: ID.me's proofing, identity_details only the attributes it returned (fname, lname, birth_date, address), at the verdict; id `er_<attempt>` | NIST_800_63_3 · AAL2 where the handle names …/aal/2, else ID_ME · the handle; id `ar_<attempt>` |
// | bankid_se       | NONE, []                           | HIGH · BANKID_SE · AUTH or SIGN (the order type) | electronic_records: the bank's identification behind the BankID, identity_details the personnummer and names collect returned, no provider_org (collect names no bank), id the orderRef (a random UUID); documents: only with the mrtd step-up (CHIP_DIGITAL_SIGNATURE, no fields) | the order: HIGH · BANKID_SE:<the policy OID of the person's certificate, read from the end-user certificate in collect's signature; where none is found there, the policies the order accepted, \|-joined>; id `ar_<attempt>` |
// | plaid           | NONE, []                           | HIGH · PLAID_IDV · the template id; assurance: each step passed (success or manually_approved) with its evidence | read live: electronic_records: kyc_check passed, identity_details only the fields it matched (an SSN as its last four); documents: each passing document, its extracted fields (countries alpha-3), passed_checks DOCUMENT_IN_DATE (not_expired), ISSUING_AUTHORITY (AAMVA verified), MANUAL_VISUAL_DOCUMENT_AUTHENTICITY (human review success), AUTOMATED_FACE_MATCH (selfie matched); face: selfie_check passed, the selfies whose liveness passed (ACTIVE video, STATIC still); ids `<idv_…>-kyc_check`, `-document-<n>`, `-selfie-<n>` | — |
// | turnstile       | no report: it tells a human from a bot and establishes nothing of who they are (null) | | | |
//
// The per-provider mappers live beside each adapter (providers/<key>/identity-profile.ts) and say
// exactly which of their fields feed which of these.

export const TRUST_FRAMEWORKS = ['UK_TFIDA', 'YOTI_GLOBAL', 'NONE'] as const;
export type TrustFramework = (typeof TRUST_FRAMEWORKS)[number];

export const DOCUMENT_CHECKS = [
  'MANUAL_VISUAL_DOCUMENT_AUTHENTICITY',
  'CHIP_DIGITAL_SIGNATURE',
  'ISSUING_AUTHORITY',
  'DOCUMENT_IN_DATE',
  'FRAUD_DOCUMENTS_LIST',
  'MANUAL_FACE_MATCH',
  'AUTOMATED_FACE_MATCH',
  'AUTOMATED_FACE_MATCH_HIGHER_THRESHOLD',
] as const;
export type DocumentCheck = (typeof DOCUMENT_CHECKS)[number];

export const LIVENESS_TYPES = ['ZOOM', 'STATIC', 'ACTIVE', 'THREE_WORDS'] as const;
export type LivenessType = (typeof LIVENESS_TYPES)[number];

/** RFC 3339 UTC, as seed 004 writes its timestamps (2006-01-02T15:04:05Z). */
export type ReportTimestamp = string;

export interface ProfileName {
  given_names: string;
  first_name?: string;
  middle_name?: string;
  family_name?: string;
  full_name?: string;
}

export interface IdentityAssertion {
  current_name?: ProfileName;
  /** yyyy-mm-dd. */
  date_of_birth: string;
  current_address?: { address: Record<string, unknown>; move_in?: string };
}

export interface SchemeCompliance {
  requirements_met: boolean;
  requirements_not_met_info?: string;
  scheme: { type: string; objective?: string; label?: string; config?: Record<string, unknown> };
}

export interface AssuranceProcess {
  level_of_assurance: string;
  policy: string;
  procedure?: string;
  assurance?: { type: string; classification?: string; evidence_links?: string[] }[];
}

export interface Liveness {
  type: LivenessType;
  timestamp: ReportTimestamp;
}

export interface FaceEvidence {
  evidence_id: string;
  initial_liveness: Liveness;
  last_matched_liveness?: Liveness;
  verifying_org: string;
  media_ids?: string[];
  audit_ids?: string[];
}

export interface DocumentEvidence {
  evidence_id: string;
  timestamp: ReportTimestamp;
  document_fields: Record<string, unknown>;
  passed_checks: { check: DocumentCheck }[];
  verifying_org: string;
  media_ids?: string[];
  audit_ids?: string[];
}

export interface ElectronicRecordEvidence {
  evidence_id: string;
  timestamp: ReportTimestamp;
  identity_details: Record<string, unknown>;
  verifying_org: string;
  provider_org?: string;
  media_ids?: string[];
  audit_ids?: string[];
}

export interface AuthenticationReport {
  report_id: string;
  timestamp: ReportTimestamp;
  level: string;
  policy: string;
  trust_framework: TrustFramework;
}

export interface VerificationReport {
  report_id: string;
  timestamp: ReportTimestamp;
  subject_id?: string;
  address_verification?: { current_address_verified: boolean; evidence_links?: string[] };
  trust_framework: TrustFramework;
  schemes_compliance: SchemeCompliance[];
  assurance_process: AssuranceProcess;
  evidence: { face?: FaceEvidence; documents?: DocumentEvidence[]; electronic_records?: ElectronicRecordEvidence[] };
  authentication_reports?: AuthenticationReport[];
  authentication_report?: AuthenticationReport;
}

export interface IdentityProfileReport {
  identity_assertion: IdentityAssertion;
  verification_report?: VerificationReport;
  /** Instead of verification_report, for Yoti's advanced identity profile requirements. */
  verification_reports?: VerificationReport[];
}
