// A React app as an integrator writes one: it asks its own backend for a session, then renders
// <IdentityVerify> under StrictMode and logs each typed callback it receives.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { IdentityVerify } from '@identity-verify/react';

interface Session {
  client_secret: string;
}

interface Logged {
  callback: string;
  detail: unknown;
}

function App({ session }: { session: Session }) {
  const [log, setLog] = useState<Logged[]>([]);
  const [shown, setShown] = useState(true);
  // StrictMode (in React's development build) runs each effect twice on mount: this shows it did.
  const [mountEffects, setMountEffects] = useState(0);
  useEffect(() => setMountEffects((n) => n + 1), []);
  const record = (callback: string) => (event: CustomEvent<unknown>) => setLog((entries) => [...entries, { callback, detail: event.detail }]);
  return (
    <>
      <h1>identity-verify in React</h1>
      <p>{`Mount effects run: ${mountEffects}`}</p>
      <section aria-labelledby="widget-heading">
        <h2 id="widget-heading">The widget</h2>
        {shown ? (
          <IdentityVerify
            clientSecret={session.client_secret}
            // The BFF is reached through this app's own origin (its server proxies /v1).
            apiBase={window.location.origin}
            theme="light"
            organizationName="React Example Ltd"
            // Read as the element connects, so given as an attribute: where a phone continues.
            handoffUrl={`${window.location.origin}/continue`}
            onReady={record('onReady')}
            onStep={record('onStep')}
            onConsent={record('onConsent')}
            onComplete={(event) => {
              // Typed by the contract: status is a session status, session_id a string.
              const { status, session_id } = event.detail;
              setLog((entries) => [...entries, { callback: 'onComplete', detail: { session_id, status } }]);
            }}
            onError={record('onError')}
            onCancel={record('onCancel')}
          />
        ) : null}
        <button type="button" onClick={() => setShown(false)} disabled={!shown}>
          Remove the widget
        </button>
      </section>
      <section aria-labelledby="log-heading">
        <h2 id="log-heading">Callbacks</h2>
        <ol aria-label="Callbacks">
          {log.map((entry, i) => (
            <li key={i}>{`${entry.callback} ${JSON.stringify(entry.detail)}`}</li>
          ))}
        </ol>
      </section>
    </>
  );
}

const response = await fetch('/api/session', { method: 'POST' });
if (!response.ok) throw new Error(`The app's backend answered ${response.status}.`);
const session = (await response.json()) as Session;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
