// The demo page: a start form, the live widget, the session as the host backend sees it, the
// person's claims and passports, the widget's event log and the embed snippets. Configuration
// comes from the demo's own server.
import './styles.css';
import { isFinalStatus, PROVIDER_KEYS, type CaptureMode, type ProviderKey } from '@identity-verify/contract/vocabulary';
import { demoApi, type DemoConfig, type DemoSession, type PersonView, type StartOptions } from './api.js';
import { CAPTURE_CHOICES, DEFAULT_PRESET, LOCALES, PRESETS, PROVIDER_NAMES, requirementsFor, type PresetKey } from './choices.js';
import { byId, h } from './dom.js';
import { EventLog } from './event-log.js';
import { renderHostView } from './host-view.js';
import { renderPersonView, setPersonBusy, type PersonActions } from './person-view.js';
import { backendSnippet, cspSnippet, pageSnippet } from './snippets.js';
import { createWidget, openedFromHandoffLink } from './widget-host.js';

const WIDGET_PATH = '/widget/identity-verify.js';

const setupPanel = byId('setup-panel');
const widgetPanel = byId('widget-panel');
const startForm = byId<HTMLFormElement>('start-form');
const startStatus = byId('start-status');
const hostView = byId('host-view');
const personView = byId('person-view');
const personStatus = byId('person-status');
const log = new EventLog(byId<HTMLOListElement>('event-log'), byId('event-log-empty'));

let config: DemoConfig | null = null;
let stopWatching: (() => void) | null = null;
let hasDemoSession = false;

function fillForm(): void {
  byId('preset-choices').append(
    ...PRESETS.map((preset) =>
      h(
        'div',
        { class: 'preset' },
        h(
          'label',
          { class: 'choice' },
          h('input', { type: 'radio', name: 'preset', value: preset.key, checked: preset.key === DEFAULT_PRESET, 'aria-describedby': `preset-${preset.key}` }),
          ` ${preset.name}`,
        ),
        h('p', { class: 'hint', id: `preset-${preset.key}` }, preset.summary),
      ),
    ),
  );
  byId('capture').append(...CAPTURE_CHOICES.map(({ value, name }) => h('option', { value }, name)));
  byId('locale').append(...LOCALES.map(({ code, name }) => h('option', { value: code, lang: code }, name)));
  byId('provider-choices').append(
    ...PROVIDER_KEYS.map((key) =>
      h('label', { class: 'choice', hidden: true }, h('input', { type: 'checkbox', name: 'providers', value: key }), ` ${PROVIDER_NAMES[key]}`),
    ),
  );
}

const presetOfForm = () => (new FormData(startForm).get('preset') ?? DEFAULT_PRESET) as PresetKey;

/** Shows the providers the chosen preset can use here, and unticks the others so none is sent. */
function showPresetProviders(): void {
  const preset = PRESETS.find((p) => p.key === presetOfForm())!;
  for (const input of startForm.querySelectorAll<HTMLInputElement>('input[name="providers"]')) {
    const usable = (preset.providers as readonly string[]).includes(input.value) && (config?.providers ?? []).includes(input.value as ProviderKey);
    if (!usable) input.checked = false;
    input.closest('label')!.hidden = !usable;
  }
}

function readForm(): StartOptions {
  const data = new FormData(startForm);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const capture = text('capture') as CaptureMode | '';
  const providers = data.getAll('providers') as ProviderKey[];
  const [first_name, last_name] = [text('first_name'), text('last_name')];
  return {
    preset: presetOfForm(),
    ...(providers.length ? { providers } : {}),
    ...(capture ? { capture } : {}),
    locale: String(data.get('locale') ?? 'en'),
    reuse_claims: data.get('reuse_claims') === 'on',
    // Onfido needs both names; half a name is not sent.
    ...(first_name && last_name ? { person: { first_name, last_name } } : {}),
  };
}

function renderSnippets(): void {
  if (!config) return;
  const options = readForm();
  // The requirements the demo's backend sends for this preset, exactly as it builds them.
  const requirements = requirementsFor(options, config.providers);
  const preset = PRESETS.find((p) => p.key === options.preset)!;
  byId('snippet-backend').textContent = backendSnippet(config, requirements, options.locale, options.reuse_claims, 'service' in preset ? preset.service : undefined);
  byId('snippet-page').textContent = pageSnippet(config, new URL(WIDGET_PATH, location.href).href, options.locale);
  byId('snippet-csp').textContent = cspSnippet(config);
}

// One refresh at a time; events arriving meanwhile ask for exactly one more.
let refreshing: Promise<void> | null = null;
let refreshAgain = false;
/** Reads left to wait for the BFF's event of a session that just ended (it is delivered within seconds). */
let awaitingEvent = 0;
const EVENT_WAIT_READS = 15;
function refreshHost(): void {
  if (!hasDemoSession) return;
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = demoApi
    .current()
    .then((session) => {
      renderHostView(hostView, session?.host ?? null, session ? undefined : 'The session is gone.', session?.consents, session?.events, session?.identity_profile);
      // The widget's last event can come before the BFF's signed one reaches this backend: read again shortly.
      const ended = session && isFinalStatus(session.host.status) && !session.events.length;
      awaitingEvent = ended ? (awaitingEvent || EVENT_WAIT_READS) - 1 : 0;
      if (ended && awaitingEvent > 0) setTimeout(refreshHost, 1_000);
    })
    .catch((error: unknown) => renderHostView(hostView, null, error instanceof Error ? error.message : 'Could not refresh.'))
    .finally(() => {
      refreshPerson();
      refreshing = null;
      if (refreshAgain) {
        refreshAgain = false;
        refreshHost();
      }
    });
}

// The person outlives each session ("Start over" keeps them): read on its own, one read at a time.
let person: PersonView | null = null;
let personReading: Promise<void> | null = null;
let personAgain = false;
let personBusy = false;
/** Bumped by each action, so a read begun before it cannot show what the action changed. */
let personVersion = 0;
const personActions: PersonActions = {
  issue: (claimIds) => {
    if (!claimIds.length) {
      personStatus.textContent = 'Tick at least one claim for the passport to carry.';
      return;
    }
    void act('Issuing a passport…', async () => {
      const issued = await demoApi.issuePassport(claimIds);
      // Issued: the next passport starts from no tick.
      for (const input of personView.querySelectorAll<HTMLInputElement>('input[name="claim"]')) input.checked = false;
      showPerson(issued.person);
      return `Issued passport ${issued.passport}.`;
    });
  },
  revoke: (claim) =>
    void act(`Revoking the ${claim.type} claim…`, async () => {
      const result = await demoApi.revokeClaim(claim.id);
      showPerson(result.person);
      const fell = result.passports_revoked;
      // The BFF's claim.revoked and passport.revoked reach this backend within seconds: read until they have.
      awaitPersonEvents(result.person.events.length + 1 + fell.length);
      return `Revoked the ${claim.type} claim. ${fell.length ? `Passports revoked with it: ${fell.join(', ')}.` : 'No active passport carried it.'}`;
    }),
};

/** Reads left while waiting for events of a revocation, and how many events the person should then have. */
let personEventWait = { reads: 0, expected: 0 };
function awaitPersonEvents(expected: number): void {
  personEventWait = { reads: EVENT_WAIT_READS, expected };
  setTimeout(refreshPerson, 1_000);
}

function showPerson(view: PersonView | null, note?: string): void {
  person = view;
  renderPersonView(personView, view, personActions, note);
}

async function act(pending: string, run: () => Promise<string>): Promise<void> {
  // Disabled while busy, the button pressed loses focus: it gets it back, or the panel's heading if it is gone or disabled.
  const focused = document.activeElement?.id;
  personBusy = true;
  personVersion++;
  setPersonBusy(personView, true);
  personStatus.textContent = pending;
  try {
    const done = await run();
    personStatus.textContent = done;
  } catch (error) {
    personStatus.textContent = `Could not do it: ${error instanceof Error ? error.message : 'unknown error'}`;
  } finally {
    personBusy = false;
    setPersonBusy(personView, false);
    showPerson(person);
    const back = focused ? document.getElementById(focused) : null;
    if (back && !back.hasAttribute('disabled')) back.focus();
    else byId('person-heading').focus();
    if (personAgain) {
      personAgain = false;
      refreshPerson();
    }
  }
}

function refreshPerson(): void {
  if (personReading || personBusy) {
    personAgain = true;
    return;
  }
  const version = personVersion;
  personReading = demoApi
    .person()
    .then((view) => {
      if (version === personVersion && !personBusy) showPerson(view);
      else personAgain = true;
      if (personEventWait.reads > 0 && view.events.length < personEventWait.expected) {
        personEventWait.reads--;
        if (personEventWait.reads > 0) setTimeout(refreshPerson, 1_000);
      } else personEventWait.reads = 0;
    })
    .catch((error: unknown) => showPerson(person, error instanceof Error ? error.message : 'Could not read the claims.'))
    .finally(() => {
      personReading = null;
      if (personAgain) {
        personAgain = false;
        refreshPerson();
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
  renderHostView(hostView, session.host, undefined, session.consents, session.events, session.identity_profile);
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
      refreshPerson();
    })
    .catch((error: unknown) => {
      startStatus.textContent = `Could not start: ${error instanceof Error ? error.message : 'unknown error'}`;
    })
    .finally(() => button?.removeAttribute('disabled'));
});
startForm.addEventListener('change', () => {
  showPresetProviders();
  renderSnippets();
});

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
    showPresetProviders();
    renderSnippets();
    refreshPerson();
    // A phone continuing a verification started on another device: the widget alone, with no session of this browser's.
    if (openedFromHandoffLink()) return openWidget('', readForm().locale, false);
    const session = await demoApi.current();
    if (session) showSession(session, false);
  } catch (error) {
    startStatus.textContent = error instanceof Error ? error.message : 'The demo could not load its configuration.';
  }
}

void boot();
