// A host page for a driver's browser test: local servers on loopback (each its own origin), and
// the page itself under a strict CSP, loading the test's script, which imports the driver's chunk
// from the built widget under /w/, as a page embedding the widget would.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/** Servers on free loopback ports, closed together after the file's tests. */
export function loopbackServers() {
  const servers: Server[] = [];
  return {
    async listen(handler: RequestListener): Promise<string> {
      const server = createServer(handler);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async closeAll(): Promise<void> {
      await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}

/** The page at `/` (`body` inside it, then /host.js as a module), /host.js, and the built widget's files under /w/. */
export function driverPage(options: { outDir: string; csp: string; title: string; body: string; hostJs: string }): RequestListener {
  const { outDir, csp, title, body, hostJs } = options;
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp });
      return void res.end(`<!doctype html><html lang="en"><title>${title}</title>${body}<script type="module" src="/host.js"></script></html>`);
    }
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    if (path === '/host.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(hostJs);
    const file = path.startsWith('/w/') ? join(outDir, normalize(path.slice(3))) : null;
    if (!file || !file.startsWith(outDir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
  };
}
