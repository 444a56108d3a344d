// The Hono environment shared by every route: what middleware puts on the context.
import type { SessionRecord } from '../store/store.js';

export interface AppEnv {
  Variables: {
    requestId: string;
    /** Set by API-key authentication: the tenant whose sessions this host backend may touch. */
    tenant: string;
    /** Set by client-secret authentication: the one session this caller may touch. */
    session: SessionRecord;
    /** The client's address, resolved once through the trusted proxies (client-ip.ts); null in-process. */
    clientIp: string | null;
    /** The public error code the boundary answered with, for metrics. */
    errorCode?: string;
  };
}
