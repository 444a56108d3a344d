// An attempt as Plaid's API answers it (IdentityVerificationGetResponse and its siblings): every
// required member present, nulls where a step has not produced its details. The sandbox's own
// values fill what Plaid measures (document analysis, risk signals): a genuine Leslie Knope
// licence, a low-risk device. Document image URLs are null: the emulator keeps no images.
import type { Verification } from './model.js';
import { SANDBOX_DOCUMENT } from './people.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

function documentaryVerification(v: Verification) {
  if (v.documents.length === 0) return null;
  return {
    status: v.steps.documentary_verification,
    documents: v.documents.map((d) => ({
      status: d.status,
      attempt: d.attempt,
      images: { original_front: null, original_back: null, cropped_front: null, cropped_back: null, face: null },
      extracted_data: { ...SANDBOX_DOCUMENT, address: { ...SANDBOX_DOCUMENT.address }, name: { ...SANDBOX_DOCUMENT.name } },
      analysis: {
        authenticity: 'match',
        image_quality: 'high',
        extracted_data: {
          name: d.nameMatch ? 'match' : 'no_match',
          date_of_birth: d.dobMatch ? 'match' : 'no_match',
          expiration_date: 'not_expired',
          issuing_country: 'match',
        },
        fraud_analysis_details: {
          type_supported: 'success',
          portrait_presence_check: 'success',
          portrait_details_check: 'success',
          image_composition_check: 'success',
          integrity_check: 'success',
          detail_check: 'success',
          issue_date_check: 'success',
        },
        image_quality_details: { glare_check: 'success', dimensions_check: 'success', blur_check: 'success' },
        human_review: null,
        aamva_verification: null,
      },
      redacted_at: null,
    })),
  };
}

function kycCheck(v: Verification) {
  if (!v.kyc) return null;
  const k = v.kyc;
  return {
    status: v.steps.kyc_check,
    address: { summary: k.address, po_box: 'no', type: 'residential' },
    name: { summary: k.name },
    date_of_birth: { summary: k.date_of_birth },
    id_number: { summary: k.id_number },
    phone_number: { summary: k.phone_number, area_code: k.phone_number },
  };
}

function riskCheck(v: Verification) {
  const status = v.steps.risk_check;
  if (!['success', 'failed', 'pending_review', 'manually_approved', 'manually_rejected'].includes(status)) return null;
  const low = { risk_level: 'low', factors: [] as string[] };
  return {
    status,
    behavior: { user_interactions: 'genuine', fraud_ring_detected: 'no', bot_detected: 'no', risk_level: 'low' },
    email: v.user.email_address
      ? {
          is_deliverable: 'yes',
          breach_count: 0,
          first_breached_at: null,
          last_breached_at: null,
          domain_registered_at: null,
          domain_is_free_provider: 'no',
          domain_is_custom: 'no',
          domain_is_disposable: 'no',
          top_level_domain_is_suspicious: 'no',
          is_edu: 'no',
          includes_date_of_birth: 'no',
          linked_services: [],
          ...low,
        }
      : null,
    phone: { linked_services: [], ...low },
    devices: [{ ip_proxy_type: 'none_detected', ip_spam_list_count: 0, ip_timezone_offset: '+00:00', ...low }],
    identity_abuse_signals: { synthetic_identity: { score: 0, risk_level: 'low' }, stolen_identity: { score: 0, risk_level: 'low' } },
    network: low,
    facial_duplicates: [],
    // Reviewed attempts keep the score that sent them to review. [U] the scale's sandbox values.
    trust_index_score: status === 'success' ? 90 : 40,
  };
}

function verifySms(v: Verification) {
  const status = v.steps.verify_sms;
  if (status !== 'success' && status !== 'failed') return null;
  return {
    status,
    verifications: v.sms.map((s) => ({
      status: s.status,
      attempt: s.attempt,
      phone_number: s.phone_number,
      delivery_attempt_count: s.delivery_attempt_count,
      solve_attempt_count: s.solve_attempt_count,
      initially_sent_at: iso(s.initially_sent_at),
      last_sent_at: iso(s.last_sent_at),
      redacted_at: null,
    })),
  };
}

/** The IdentityVerification object, as /get, /create, /retry and /list answer it. */
export function renderVerification(v: Verification, shareableOrigin: string) {
  return {
    id: v.id,
    client_user_id: v.client_user_id,
    created_at: iso(v.created_at),
    completed_at: iso(v.completed_at),
    previous_attempt_id: v.previous_attempt_id,
    shareable_url: v.shareable_key ? `${shareableOrigin}/verify/${v.id}?key=${v.shareable_key}` : null,
    template: { id: v.template.id, version: v.template.version },
    user: structuredClone(v.user),
    status: v.status,
    steps: { ...v.steps },
    documentary_verification: documentaryVerification(v),
    // Not run in the sandbox, so never any selfies.
    selfie_check: null,
    kyc_check: kycCheck(v),
    risk_check: riskCheck(v),
    verify_sms: verifySms(v),
    watchlist_screening_id: v.watchlist_screening_id,
    beacon_user_id: null,
    user_id: null,
    redacted_at: null,
  };
}
