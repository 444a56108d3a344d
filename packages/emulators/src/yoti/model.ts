// The Yoti emulator's state: sessions with their client session token, the sandbox response
// configuration, the media their completion produced, and what the emulated user did.
import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../shared/clock.js';
import type { ResponseConfig } from './response-config.js';
import { DEFAULT_RESOURCES_TTL_S, DEFAULT_TOKEN_TTL_S, type SessionSpecification } from './specification.js';

/** Production and sandbox bases; the emulator serves both over one state (see README). */
export const API_BASE = '/idverify/v1';
export const SANDBOX_API_BASE = '/sandbox/idverify/v1';
export const API_BASES = [API_BASE, SANDBOX_API_BASE] as const;

export type SessionState = 'ONGOING' | 'COMPLETED' | 'EXPIRED';

export interface MediaItem {
  id: string;
  /** Yoti's media `type` in the session result. */
  type: 'IMAGE' | 'JSON';
  contentType: string;
  content: Buffer;
  created: number;
}

/** What the session result shows once the user view completed it (built by ./results.ts). */
export interface Completion {
  at: number;
  personId: string;
  resources: Record<string, unknown[]>;
  checks: Array<Record<string, unknown> & { id: string; type: string }>;
  identityProfile?: Record<string, unknown>;
  advancedIdentityProfile?: Record<string, unknown>;
  /** Resource, task and check ids in the order notifications name them. */
  resourceIds: string[];
  taskIds: string[];
}

export interface YotiSession {
  id: string;
  sdkId: string;
  clientSessionToken: string;
  tokenTtlS: number;
  resourcesTtlS: number;
  createdAt: number;
  spec: SessionSpecification;
  /** Deleted once the session completes (then `client_session_token_deleted` is notified) [U]. */
  tokenDeleted: boolean;
  responseConfig?: ResponseConfig;
  completion?: Completion;
  media: Map<string, MediaItem>;
}

export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class YotiStore {
  sessions = new Map<string, YotiSession>();
  /** App-wide sandbox configurations (PUT /apps/{sdkId}/response-config), by SDK id. */
  appConfigs = new Map<string, ResponseConfig>();

  constructor(readonly clock: EmulatorClock) {}

  create(sdkId: string, spec: SessionSpecification): YotiSession {
    const now = this.clock.now();
    // A session_deadline sets when the session ends instead of a TTL [U which wins when both are given].
    const untilDeadline = spec.session_deadline ? Math.max(0, Math.floor((Date.parse(spec.session_deadline) - now) / 1000)) : undefined;
    const session: YotiSession = {
      id: randomUUID(),
      sdkId,
      clientSessionToken: randomUUID(),
      tokenTtlS: untilDeadline ?? spec.client_session_token_ttl ?? DEFAULT_TOKEN_TTL_S,
      resourcesTtlS: spec.resources_ttl ?? DEFAULT_RESOURCES_TTL_S,
      createdAt: now,
      spec,
      tokenDeleted: false,
      media: new Map(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** A session of this app; another app's session, or one past its resources_ttl, is as unknown as a missing one. */
  get(sdkId: string, id: string): YotiSession | undefined {
    const session = this.sessions.get(id);
    if (session && this.clock.now() >= session.createdAt + session.resourcesTtlS * 1000) {
      // Its resources' time to live is over: Yoti deletes the session and everything in it.
      this.sessions.delete(id);
      return undefined;
    }
    return session && session.sdkId === sdkId ? session : undefined;
  }

  tokenExpiresAt(s: YotiSession): number {
    return s.createdAt + s.tokenTtlS * 1000;
  }

  state(s: YotiSession): SessionState {
    if (s.completion) return 'COMPLETED';
    return this.clock.now() >= this.tokenExpiresAt(s) ? 'EXPIRED' : 'ONGOING';
  }

  /** Whole seconds the client session token has left (0 once expired or deleted). */
  tokenSecondsLeft(s: YotiSession): number {
    if (s.tokenDeleted) return 0;
    return Math.max(0, Math.floor((this.tokenExpiresAt(s) - this.clock.now()) / 1000));
  }

  addMedia(s: YotiSession, type: MediaItem['type'], contentType: string, content: Buffer): MediaItem {
    const item: MediaItem = { id: randomUUID(), type, contentType, content, created: this.clock.now() };
    s.media.set(item.id, item);
    return item;
  }

  configFor(s: YotiSession): ResponseConfig | undefined {
    return s.responseConfig ?? this.appConfigs.get(s.sdkId);
  }

  clear(): void {
    this.sessions.clear();
    this.appConfigs.clear();
  }
}

/** A media reference as the session result carries it (MediaResponse). */
export function mediaRef(m: MediaItem) {
  return { id: m.id, type: m.type, created: isoTime(m.created), last_updated: isoTime(m.created) };
}
