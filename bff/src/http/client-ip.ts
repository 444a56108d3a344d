// The client's address, the one answer every reader of it uses (the per-IP limit, the consent's
// recorded IP, Turnstile's remoteip). The socket's peer is the client unless it is a proxy we
// were told to trust; then X-Forwarded-For is walked from the right, since each trusted hop
// appends what it saw and only the entries our own proxies wrote can be believed. The leftmost
// entry is whatever the client chose to send, so it is never taken on its own word.
import { BlockList, isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './env.js';

export interface TrustedProxies {
  /** Whether `address` (a plain IPv4 or IPv6 address) is one of ours. */
  has(address: string): boolean;
  readonly size: number;
}

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1, as a dual-stack socket reports) as the IPv4 it is. */
export function normalizeIp(address: string): string | null {
  const bare = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  return isIP(bare) ? bare.toLowerCase() : null;
}

/**
 * Parses the IDV_TRUSTED_PROXIES entries: addresses and CIDR ranges, IPv4 and IPv6. Returns the
 * set, or the entries that are not either (config reports them all at once).
 */
export function parseTrustedProxies(entries: readonly string[]): { proxies: TrustedProxies } | { invalid: string[] } {
  const list = new BlockList();
  const invalid: string[] = [];
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const ip = normalizeIp(address);
    const family = ip ? (isIP(ip) === 4 ? 'ipv4' : 'ipv6') : null;
    if (!ip || !family || extra !== undefined) {
      invalid.push(entry);
      continue;
    }
    if (prefix === undefined) {
      list.addAddress(ip, family);
      continue;
    }
    const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (!(bits >= 0 && bits <= (family === 'ipv4' ? 32 : 128))) {
      invalid.push(entry);
      continue;
    }
    list.addSubnet(ip, bits, family);
  }
  if (invalid.length) return { invalid };
  const size = entries.length;
  return {
    proxies: {
      size,
      has: (address) => {
        const ip = normalizeIp(address);
        return ip !== null && size > 0 && list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
      },
    },
  };
}

export const NO_TRUSTED_PROXIES: TrustedProxies = { size: 0, has: () => false };

/**
 * The client's address given the socket's peer and the X-Forwarded-For header (all its lines,
 * comma-joined): the rightmost address that is not a trusted proxy. A malformed entry ends the
 * walk at the last trusted hop, which is then the best address we can vouch for.
 */
export function resolveClientIp(peer: string | null, forwardedFor: string | null, trusted: TrustedProxies): string | null {
  const socket = peer === null ? null : normalizeIp(peer) ?? peer;
  if (socket === null || !trusted.has(socket) || !forwardedFor) return socket;
  const hops = forwardedFor.split(',');
  let lastTrusted = socket;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i]!);
    if (hop === null) return lastTrusted;
    if (!trusted.has(hop)) return hop;
    lastTrusted = hop;
  }
  return lastTrusted;
}

/** The socket's peer address; null when the app runs without a socket (in-process tests). */
function peerAddress(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** Resolves the client's address once per request, for every reader of it (guards.clientIp). */
export function clientAddress(trusted: TrustedProxies): MiddlewareHandler<AppEnv> {
  return async function resolveClientAddress(c, next) {
    c.set('clientIp', resolveClientIp(peerAddress(c), trusted.size ? (c.req.header('x-forwarded-for') ?? null) : null, trusted));
    await next();
  };
}
