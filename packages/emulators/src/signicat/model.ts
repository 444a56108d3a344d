// The Signicat emulator's in-memory state: dossiers, their processes, the images set on either
// (bytes in memory only, dropped with their dossier or on reset), the final status each dossier's
// processes are to reach, and Assure's vocabularies, ids and timestamps.
import { randomUUID } from 'node:crypto';

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
  documentId: string;
  livePhotoId: string;
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
  /** Set by the completeSdkCapture control: Onfido's SDK uploaded the captures itself (seed 001, UC 2). */
  sdkCapture: boolean;
  /** The create answer's `authorization` (the SDK token in UC 2); opaque, accepted nowhere. */
  authorization: string;
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
