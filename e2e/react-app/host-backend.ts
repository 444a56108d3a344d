// The React app's server side, as an integrator runs one beside its page: it creates a Turnstile
// session with the secret API key (which stays here) and hands the page its client secret, and it
// serves the BFF under the app's own origin, as a reverse proxy a host may put in front of it.
import type { Plugin, PreviewOptions } from 'vite';

interface HostBackendOptions {
  bffUrl: string;
  apiKey: string;
  /** The Turnstile emulator's origin: the page loads its script and frame from there. */
  turnstileUrl: string;
}

/** POST /api/session: a new session for whoever opened the page, answered with its client secret only. */
export function hostBackend({ bffUrl, apiKey }: HostBackendOptions): Plugin {
  return {
    name: 'react-app:host-backend',
    configurePreviewServer(server) {
      server.middlewares.use('/api/session', (req, res) => {
        if (req.method !== 'POST') {
          res.statusCode = 405;
          res.end();
          return;
        }
        const body = { reference: `react-app-${Date.now().toString(36)}`, requirements: { accepted_providers: ['turnstile'] } };
        fetch(`${bffUrl}/v1/sessions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
          .then(async (created) => {
            if (!created.ok) throw new Error(`The BFF answered ${created.status}.`);
            const { client_secret } = (await created.json()) as { client_secret: string };
            res.setHeader('content-type', 'application/json');
            res.setHeader('cache-control', 'no-store');
            res.end(JSON.stringify({ client_secret }));
          })
          .catch(() => {
            res.statusCode = 502;
            res.end();
          });
      });
    },
  };
}

/**
 * The preview server's settings: the BFF proxied under /v1 and a strict CSP. The proxy calls the
 * BFF as a server does, without the page's Origin: the suite's BFF allows only the demo's origin,
 * and a host serving the BFF from its own origin would add that origin to IDV_ALLOWED_ORIGINS.
 */
export function previewOptions({ bffUrl, turnstileUrl }: HostBackendOptions): PreviewOptions {
  const turnstile = new URL(turnstileUrl).origin;
  return {
    host: '127.0.0.1',
    port: 0,
    strictPort: true,
    headers: {
      'content-security-policy': `default-src 'self'; script-src 'self' ${turnstile}; frame-src ${turnstile}; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; object-src 'none'`,
    },
    proxy: {
      '/v1': {
        target: bffUrl,
        changeOrigin: true,
        configure: (proxy) => proxy.on('proxyReq', (request) => request.removeHeader('origin')),
      },
    },
  };
}
