// The Signicat emulator's in-memory state: dossiers, their processes, the images set on either
// (bytes in memory only, dropped with their dossier or on reset), the final status each dossier's
// processes are to reach, and Assure's vocabularies, ids and timestamps.
import { randomUUID } from 'node:crypto';
import type { OnfidoAccount } from './onfido-account.js';

export const PROCESS_TYPES = ['document', 'documentSelfie', 'documentVideo'] as const;
export type ProcessType = (typeof PROCESS_TYPES)[number];

export const FINAL_STATUSES = ['accepted', 'inconclusive', 'rejected', 'canceled', 'failed'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];
export type ProcessStatus = 'pending' | 'processing' | FinalStatus;

/** Assure's normalised document types: passport and driversLicense [seed 001]; the others [U]. */
export const DOCUMENT_TYPES = ['passport', 'identityCard', 'driversLicense', 'residencePermit'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
/** Documents with a back side that must be sent (BACK "only if you used a 2-sided document" [seed 001]). */
export const TWO_SIDED: ReadonlySet<DocumentType> = new Set(['identityCard', 'driversLicense', 'residencePermit']);

/** Image kinds a client can set; lowercase in bodies and `depictions`, uppercase in the image paths. */
export const DEPICTIONS = ['front', 'back', 'selfie'] as const;
export type Depiction = (typeof DEPICTIONS)[number];

export interface StoredImage {
  type: 'jpeg' | 'png';
  /** In memory only: never logged, dropped with the dossier or on reset. */
  bytes: Uint8Array;
}
export type ImageSet = Partial<Record<Depiction, StoredImage>>;

export interface Location {
  countryOfResidence?: string;
  ipAddress?: string;
}

/** What start verification fixed: the final status, when it is reached, and the result's ids. */
export interface PlannedOutcome {
  status: FinalStatus;
  /** Emulator-clock ms at which the process leaves `processing`. */
  finishAt: number;
  depictions: Depiction[];
  /** Onfido's document id: the uploaded front's at Onfido when the SDK captured it, else invented. */
  documentId: string;
  /** Onfido's live photo id (the live video's for documentVideo) when the SDK captured it, else invented. */
  livePhotoId: string;
  /** The document the person chose in Onfido's SDK, when the process named none. */
  documentType?: DocumentType;
}

export interface ProcessRecord {
  processId: string;
  dossierId: string;
  provider: 'onfido';
  processType: ProcessType;
  documentType?: DocumentType;
  location: Location;
  privacyConsent?: boolean;
  createdAt: number;
  updatedAt: number;
  status: ProcessStatus;
  images: ImageSet;
  /** Set by the completeSdkCapture control: Onfido's SDK uploaded the captures itself (seed 001, UC 2), simulated. */
  sdkCapture: boolean;
  /**
   * The create answer's `authorization` (the SDK token in UC 2): minted by Onfido for `onfido`'s
   * applicant when the emulator is linked to an Onfido API, else opaque and accepted nowhere.
   */
  authorization: string;
  /** The Onfido applicant Assure created for this process, and the account it lives in (linked emulator only). */
  onfido?: { applicantId: string; account: OnfidoAccount };
  outcome?: PlannedOutcome;
}

export interface DossierRecord {
  dossierId: string;
  createdAt: number;
  updatedAt: number;
  files: ImageSet;
  processes: Map<string, ProcessRecord>;
  /** Final status this dossier's processes reach at start verification (scenario control; default accepted). */
  scenario: FinalStatus;
  /** How long its processes stay processing, in ms, when a test sets it (else the emulator's). */
  processingMs?: number;
}

export const newId = (): string => randomUUID();
/** Assure's timestamps: ISO 8601 UTC to the second, `2019-09-19T22:10:56Z` [D normalisation table]. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class AssureState {
  dossiers = new Map<string, DossierRecord>();

  clear(): void {
    this.dossiers.clear();
  }

  *processes(): Iterable<ProcessRecord> {
    for (const d of this.dossiers.values()) yield* d.processes.values();
  }
}
