// A round-robin HTTP load balancer for the replica benchmark (replicas.ts): each request goes to
// the next replica in turn over kept-alive connections, with the client's address appended to
// X-Forwarded-For as a real balancer does, so replicas that trust it (IDV_TRUSTED_PROXIES) see
// the client and not the balancer. Run in a process of its own (targets.ts `balancer`).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and are never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'upgrade']);

export interface Balancer {
  url: string;
  stop(): Promise<void>;
}

export async function startBalancer(upstreams: string[]): Promise<Balancer> {
  if (upstreams.length === 0) throw new Error('startBalancer: upstreams must name at least one replica');
  const targets = upstreams.map((u) => new URL(u));
  // One pool per replica; unbounded, as the load generator's connection count is the bound.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  let next = 0;

  const server = http.createServer((req, res) => {
    const target = targets[next++ % targets.length]!;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    const peer = req.socket.remoteAddress ?? '';
    const forwarded = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = forwarded ? `${forwarded}, ${peer}` : peer;
    headers.host = target.host;
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
      (answer) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
      },
    );
    // A replica that fails mid-request is the balancer's 502, as in production; the bench counts non-2xx.
    upstream.once('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"bad_gateway"}}');
      else res.destroy();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
