// TLS for an emulator whose provider is reached over HTTPS with a client certificate (BankID's RP
// API): the runner serves such an emulator over TLS, mutual when it names a client CA, and can
// answer plain HTTP on the same port for the pages a person's browser opens (it has no client
// certificate), so the emulator keeps one port and one URL like the others.
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Context } from 'hono';

export interface EmulatorTls {
  /** The server's certificate and key (PEM). */
  cert: string;
  key: string;
  /**
   * When set, every TLS client must present a certificate this CA (PEM) issued: a client without
   * one is refused in the handshake, before any HTTP (mutual TLS).
   */
  clientCa?: string;
  /** Also answer plain HTTP on the same port; the app tells the two apart with requestTransport(). */
  plainHttp?: boolean;
}

/**
 * How a request reached the app. `in-process`: `app.request()` / the emulator's `fetch`, from code
 * holding the emulator itself; `tls`: a TLS socket, its client certificate verified when the
 * emulator asked for one; `http`: plain HTTP on a socket.
 */
export type RequestTransport = 'in-process' | 'tls' | 'http';

export function requestTransport(c: Context): RequestTransport {
  // @hono/node-server passes the Node request as env.incoming; app.request() passes no env.
  const incoming = (c.env as { incoming?: { socket?: unknown } } | undefined)?.incoming;
  if (!incoming) return 'in-process';
  return incoming.socket instanceof TLSSocket ? 'tls' : 'http';
}

/** The first byte of a TLS connection: a handshake record. */
const TLS_HANDSHAKE = 0x16;

export interface TlsListener {
  server: NetServer;
  close(): Promise<void>;
}

/** One listening socket that hands each connection to HTTPS or, when allowed, to plain HTTP. */
export function createTlsListener(handler: RequestListener, tls: EmulatorTls): TlsListener {
  const mutual = tls.clientCa !== undefined;
  const https = createHttpsServer(
    { cert: tls.cert, key: tls.key, ...(mutual ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}) },
    handler,
  );
  const http = tls.plainHttp ? createHttpServer(handler) : undefined;
  for (const s of [https, http]) {
    if (!s) continue;
    // As the runner's plain servers: idle keep-alive sockets are the client's to close.
    s.keepAliveTimeout = 65_000;
    s.headersTimeout = 66_000;
  }
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.pause();
      // Put the byte back: TLS and HTTP both read the connection from its start.
      socket.unshift(first);
      const target = first[0] === TLS_HANDSHAKE ? https : http;
      if (!target) {
        socket.destroy();
        return;
      }
      target.emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  return {
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
