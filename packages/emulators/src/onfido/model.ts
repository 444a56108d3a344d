// The Onfido emulator's in-memory state: applicants, uploaded media (bytes kept in memory only,
// dropped on reset), checks, reports, workflow runs, the SDK tokens minted, and the ids and
// timestamps Onfido uses.
import { randomUUID } from 'node:crypto';

export const API_VERSION = 'v3.6';
export const BASE_PATH = `/${API_VERSION}`;

export type ConsentName = 'privacy_notices_read' | 'ssn_verification' | 'phone_number_verification';
export interface Consent {
  name: ConsentName;
  granted: boolean;
  granted_at: string | null;
}

export interface ApplicantRecord {
  id: string;
  created_at: string;
  /** Personal fields exactly as sent (first_name, last_name, email, dob, address, location...). */
  fields: Record<string, unknown>;
  consents: Consent[];
  /** When DELETE scheduled it for deletion; such an applicant answers 404 until restored. */
  delete_at: string | null;
}

export type MediaKind = 'document' | 'live_photo' | 'live_video' | 'motion_capture';

export interface MediaRecord {
  id: string;
  kind: MediaKind;
  applicant_id: string;
  created_at: string;
  file_name: string;
  file_type: string;
  file_size: number;
  /** The bytes, in memory only, so /download can answer; never logged. */
  bytes: Uint8Array;
  /** Document-only fields. */
  type?: string;
  side?: 'front' | 'back';
  issuing_country?: string;
}

export type ReportResult = 'clear' | 'consider';
export type SubResult = 'clear' | 'rejected' | 'suspected' | 'caution';

export interface ReportRecord {
  id: string;
  check_id: string;
  name: string;
  created_at: string;
  status: 'awaiting_data' | 'complete';
  /**
   * What the report will say once complete, decided at creation: the result by the sandbox rules
   * and, for document reports, the `properties` read from the document (so a later change to the
   * applicant does not rewrite what the document said).
   */
  planned: { result: ReportResult; sub_result?: SubResult; properties?: Record<string, unknown> };
  documents: string[];
  live_photos: string[];
  live_videos: string[];
  motion_captures: string[];
}

export interface CheckRecord {
  id: string;
  applicant_id: string;
  created_at: string;
  status: 'in_progress' | 'complete';
  /** Emulator-clock ms at which the check completes. */
  complete_at: number;
  report_ids: string[];
  tags: string[];
  webhook_ids: string[] | null;
  applicant_provides_data: boolean;
  privacy_notices_read_consent_given?: boolean;
  redirect_uri?: string;
  /** Origin the check was created through, so webhook hrefs point back at this emulator. */
  origin: string;
}

export type WorkflowRunStatus = 'awaiting_input' | 'processing' | 'approved' | 'review' | 'declined';

export interface WorkflowRunRecord {
  id: string;
  applicant_id: string;
  workflow_id: string;
  created_at: string;
  updated_at: string;
  status: WorkflowRunStatus;
  tags: string[];
  customer_user_id?: string;
  /** The link configuration as sent (the hosted link page itself is not emulated). */
  link?: Record<string, unknown>;
  custom_data: Record<string, unknown>;
  sdk_token: string;
  /** Emulator-clock ms at which a processing run reaches its outcome; null until the SDK completes. */
  decide_at: number | null;
  reasons: string[];
  /** Origin the run was created through, so webhook hrefs point back at this emulator. */
  origin: string;
}

/** An SDK token this emulator minted, known by its `uuid` claim. */
export interface SdkTokenRecord {
  applicant_id: string;
  /** Set by the expireSdkTokens control: answered as if past its `exp` from then on. */
  expired: boolean;
}

export const newId = (): string => randomUUID();
/** Onfido's timestamps: ISO 8601 UTC to the second, `2026-01-01T00:00:00Z`. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class OnfidoState {
  applicants = new Map<string, ApplicantRecord>();
  media = new Map<string, MediaRecord>();
  checks = new Map<string, CheckRecord>();
  reports = new Map<string, ReportRecord>();
  workflowRuns = new Map<string, WorkflowRunRecord>();
  /** Every SDK token minted, by its `uuid` claim, so one applicant's can be expired without moving the clock. */
  sdkTokens = new Map<string, SdkTokenRecord>();

  clear(): void {
    this.applicants.clear();
    this.media.clear();
    this.checks.clear();
    this.reports.clear();
    this.workflowRuns.clear();
    this.sdkTokens.clear();
  }

  /** A live (not deleted) applicant, or undefined. */
  applicant(id: string): ApplicantRecord | undefined {
    const a = this.applicants.get(id);
    return a && !a.delete_at ? a : undefined;
  }

  rememberSdkToken(uuid: string, applicantId: string): void {
    this.sdkTokens.set(uuid, { applicant_id: applicantId, expired: false });
  }

  /** Expires every SDK token minted so far for the applicant (later ones are untouched); returns how many were live. */
  expireSdkTokens(applicantId: string): number {
    let count = 0;
    for (const t of this.sdkTokens.values()) {
      if (t.applicant_id !== applicantId || t.expired) continue;
      t.expired = true;
      count++;
    }
    return count;
  }

  mediaOf(applicantId: string, kind: MediaKind): MediaRecord[] {
    return [...this.media.values()].filter((m) => m.applicant_id === applicantId && m.kind === kind);
  }
}
