// The demo page: a start form, the live widget, the session as the host backend sees it, the
// widget's event log and the embed snippets. Configuration comes from the demo's own server.
import './styles.css';
import type { AssuranceLevel, CaptureMode, FaceCheck, ProviderKey, TrustLayer } from '@identity-verify/contract/vocabulary';
import { demoApi, type DemoConfig, type DemoSession, type StartOptions } from './api.js';
import { ASSURANCE_LEVELS, ASSURANCE_NAMES, CAPTURE_CHOICES, FACE_CHECK_CHOICES, LOCALES, PROVIDER_KEYS, PROVIDER_NAMES } from './choices.js';
import { byId, h } from './dom.js';
import { EventLog } from './event-log.js';
import { renderHostView } from './host-view.js';
import { backendSnippet, cspSnippet, pageSnippet } from './snippets.js';
import { createWidget } from './widget-host.js';

const WIDGET_PATH = '/widget/identity-verify.js';

const setupPanel = byId('setup-panel');
const widgetPanel = byId('widget-panel');
const startForm = byId<HTMLFormElement>('start-form');
const startStatus = byId('start-status');
const hostView = byId('host-view');
const log = new EventLog(byId<HTMLOListElement>('event-log'), byId('event-log-empty'));

let config: DemoConfig | null = null;
let stopWatching: (() => void) | null = null;
let hasDemoSession = false;

function fillForm(): void {
  byId('min-assurance').append(...ASSURANCE_LEVELS.map((level) => h('option', { value: level }, ASSURANCE_NAMES[level])));
  byId('face-check').append(...FACE_CHECK_CHOICES.map(({ value, name }) => h('option', { value }, name)));
  byId('capture').append(...CAPTURE_CHOICES.map(({ value, name }) => h('option', { value }, name)));
  byId('locale').append(...LOCALES.map(({ code, name }) => h('option', { value: code, lang: code }, name)));
  byId('provider-choices').append(
    ...PROVIDER_KEYS.map((key) =>
      h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'accepted_providers', value: key }), ` ${PROVIDER_NAMES[key]}`),
    ),
  );
}

function readForm(): StartOptions {
  const data = new FormData(startForm);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const faceCheck = text('face_check') as FaceCheck | '';
  const capture = text('capture') as CaptureMode | '';
  const [first_name, last_name] = [text('first_name'), text('last_name')];
  return {
    requirements: {
      layer: (data.get('layer') ?? 'humanity') as TrustLayer,
      min_assurance: (data.get('min_assurance') ?? 'low') as AssuranceLevel,
      accepted_providers: data.getAll('accepted_providers') as ProviderKey[],
      ...(faceCheck ? { face_check: faceCheck } : {}),
      ...(capture ? { capture } : {}),
    },
    locale: String(data.get('locale') ?? 'en'),
    // Onfido needs both names; half a name is not sent.
    ...(first_name && last_name ? { person: { first_name, last_name } } : {}),
  };
}

function renderSnippets(): void {
  if (!config) return;
  const options = readForm();
  byId('snippet-backend').textContent = backendSnippet(config, options);
  byId('snippet-page').textContent = pageSnippet(config, new URL(WIDGET_PATH, location.href).href, options.locale);
  byId('snippet-csp').textContent = cspSnippet(config);
}

// One refresh at a time; events arriving meanwhile ask for exactly one more.
let refreshing: Promise<void> | null = null;
let refreshAgain = false;
function refreshHost(): void {
  if (!hasDemoSession) return;
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = demoApi
    .current()
    .then((session) => renderHostView(hostView, session?.host ?? null, session ? undefined : 'The session is gone.', session?.consents))
    .catch((error: unknown) => renderHostView(hostView, null, error instanceof Error ? error.message : 'Could not refresh.'))
    .finally(() => {
      refreshing = null;
      if (refreshAgain) {
        refreshAgain = false;
        refreshHost();
      }
    });
}

function openWidget(clientSecret: string, locale: string, focus: boolean): void {
  if (!config) return;
  stopWatching?.();
  const element = createWidget({ clientSecret, locale, config });
  stopWatching = log.watch(element, () => refreshHost());
  byId('widget-slot').replaceChildren(element);
  setupPanel.hidden = true;
  widgetPanel.hidden = false;
  if (focus) byId('widget-heading').focus();
}

function showSession(session: DemoSession, focus: boolean): void {
  hasDemoSession = true;
  renderHostView(hostView, session.host, undefined, session.consents);
  openWidget(session.client_secret, session.locale ?? 'en', focus);
}

async function startOver(): Promise<void> {
  stopWatching?.();
  stopWatching = null;
  byId('widget-slot').replaceChildren();
  if (hasDemoSession) await demoApi.forget().catch(() => undefined);
  hasDemoSession = false;
  renderHostView(hostView, null);
  startStatus.textContent = '';
  widgetPanel.hidden = true;
  setupPanel.hidden = false;
  byId('setup-heading').focus();
}

startForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const button = startForm.querySelector('button[type="submit"]');
  button?.setAttribute('disabled', '');
  startStatus.textContent = 'Creating a session…';
  demoApi
    .start(readForm())
    .then((session) => {
      startStatus.textContent = '';
      log.clear();
      showSession(session, true);
    })
    .catch((error: unknown) => {
      startStatus.textContent = `Could not start: ${error instanceof Error ? error.message : 'unknown error'}`;
    })
    .finally(() => button?.removeAttribute('disabled'));
});
startForm.addEventListener('change', renderSnippets);

byId<HTMLFormElement>('secret-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>('client-secret');
  const secret = input.value.trim();
  if (!secret) return;
  input.value = '';
  hasDemoSession = false;
  log.clear();
  renderHostView(hostView, null, 'This client secret came from your own backend, so read its session there.');
  openWidget(secret, readForm().locale, true);
});

byId('start-over').addEventListener('click', () => void startOver());
byId('refresh-host').addEventListener('click', () => refreshHost());
byId('clear-log').addEventListener('click', () => log.clear());

async function boot(): Promise<void> {
  fillForm();
  try {
    config = await demoApi.config();
    renderSnippets();
    const session = await demoApi.current();
    if (session) showSession(session, false);
  } catch (error) {
    startStatus.textContent = error instanceof Error ? error.message : 'The demo could not load its configuration.';
  }
}

void boot();
