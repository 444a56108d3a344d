// Emulated Onfido Web SDK v14 UI, served as /web-sdk/v14/Onfido.js: what the real npm loader
// (onfido-sdk-ui@14) `import()`s when given `sdkUrl`. It implements the documented contract
//   Onfido.init({ token, containerEl | containerId, steps, workflowRunId, onComplete, onError, onUserExit })
// and returns a handle with tearDown(), addEventListener(), removeEventListener() and version.
// It renders into a shadow root on an element it adds to the container, styled by a constructable
// stylesheet, so it runs under a strict CSP (no inline script or style, no eval). Images stay in
// memory; object URLs are revoked and camera tracks stopped when a screen ends or on tearDown.
// English only: `language` is accepted and ignored. `theme: {name: 'light' | 'dark'}` is honoured
// (otherwise the person's colour scheme); the exit button shows unless `showExitButton: false`.
import { createApi, isExpired, readToken, SDK_VERSION, SdkFailure } from './onfido-ui-api.js';
import { createCameras } from './onfido-ui-camera.js';
import { normaliseSteps, runFlow } from './onfido-ui-flow.js';
import { el, notice, Stopped } from './onfido-ui-screens.js';
import { createStyleSheet } from './onfido-ui-styles.js';

/** The real SDK's ExpiredTokenError (type and message). */
const EXPIRED = { type: 'expired_token', message: 'The token has expired, please request a new one' };
/**
 * What onUserExit receives when the person leaves: onfido-sdk-ui v14's own types declare
 * `enum UserAction { USER_EXIT = "user_exit", USER_CONSENT_DENIED = "user_consent_denied" }`.
 */
const USER_EXIT = 'user_exit';

/** A host callback that throws must not break the UI; the error is still reported. */
function callHost(fn, arg) {
  if (typeof fn !== 'function') return;
  try {
    fn(arg);
  } catch (error) {
    if (typeof reportError === 'function') reportError(error);
    else setTimeout(() => { throw error; });
  }
}

/**
 * A failure as onError receives it, typed from onfido-sdk-ui v14's own `SdkErrorTypes`. Those have
 * no type for a bad referrer or another refusal, so such a failure is 'exception' (the type for
 * any other error) with a message that says which; [U] which type the real SDK gives them.
 */
function toSdkError(failure) {
  if (failure.kind === 'expired_token') return { ...EXPIRED };
  if (failure.kind === 'invalid_token' || failure.kind === 'invalid_sdk_parameter') return { type: failure.kind, message: failure.message };
  return { type: 'exception', message: failure.message || 'The verification could not continue.' };
}

function init(options = {}) {
  const listeners = {};
  const life = new AbortController();
  const cameras = createCameras();
  let host = null;
  let finished = false;

  const emit = (name, event) => (listeners[name] || []).slice().forEach((fn) => callHost(fn, event));
  const handle = {
    version: SDK_VERSION,
    addEventListener(name, fn) {
      (listeners[name] = listeners[name] || []).push(fn);
      return handle;
    },
    removeEventListener(name, fn) {
      listeners[name] = (listeners[name] || []).filter((f) => f !== fn);
    },
    /** Removes everything rendered, stops every camera track, aborts requests in flight. */
    tearDown() {
      finished = true;
      life.abort();
      cameras.closeAll();
      if (host) host.remove();
      host = null;
      return Promise.resolve();
    },
  };

  const container = options.containerEl || document.getElementById(options.containerId || 'onfido-mount');
  if (!container) {
    const error = { type: 'exception', message: 'No container: pass containerEl, or containerId naming an element on the page.' };
    queueMicrotask(() => {
      emit('error', { type: 'error', error });
      callHost(options.onError, error);
    });
    return handle;
  }

  host = el('div', { class: 'onfido-sdk-ui-emulated' });
  container.append(host);
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [createStyleSheet()];
  const stage = el('div');
  const status = el('p', { class: 'status', role: 'status' });
  const exit = el('button', { type: 'button', class: 'exit', hidden: options.showExitButton === false }, 'Exit verification');
  const theme = options.theme && ['light', 'dark'].includes(options.theme.name) ? ` ${options.theme.name}` : '';
  root.append(
    el('div', { class: `sdk${theme}`, role: 'region', 'aria-label': 'Identity verification' }, el('div', { class: 'bar' }, el('span', { class: 'brand' }, 'Onfido (emulated)'), exit), stage, status),
  );

  const ui = {
    signal: life.signal,
    cameras,
    say(text) {
      status.textContent = text;
    },
    show(section) {
      stage.replaceChildren(section);
      const heading = section.querySelector('h2');
      if (heading) heading.focus();
    },
  };

  /** Ends the session: nothing is running or filming afterwards, only a closing screen. */
  const end = (title, text) => {
    finished = true;
    life.abort();
    cameras.closeAll();
    exit.hidden = true;
    ui.say('');
    notice(ui, title, text);
  };
  const fail = (failure) => {
    if (finished) return;
    const error = toSdkError(failure);
    end(error.type === 'expired_token' ? 'Your session has expired' : 'Something went wrong', error.type === 'expired_token' ? 'Please start the verification again.' : 'The verification could not continue.');
    emit('error', { type: 'error', error });
    callHost(options.onError, error);
  };

  exit.addEventListener('click', () => {
    if (finished) return;
    end('Verification stopped', 'You left the verification. Nothing more will be captured.');
    callHost(options.onUserExit, USER_EXIT);
  });

  let claims;
  let steps;
  try {
    claims = readToken(options.token);
    if (isExpired(claims)) throw new SdkFailure('expired_token', EXPIRED.message);
    steps = normaliseSteps(options.steps, options.workflowRunId);
    if (steps.length === 0) throw new SdkFailure('invalid_sdk_parameter', 'No document or face step to run.');
  } catch (failure) {
    // Callbacks fire after init has returned its handle, as the real SDK's do.
    queueMicrotask(() => fail(failure));
    return handle;
  }

  const api = createApi({ token: options.token, apiUrl: claims.apiUrl, signal: life.signal });
  runFlow(ui, api, { steps, workflowRunId: options.workflowRunId }).then(
    (data) => {
      if (finished) return;
      end('Photos submitted', 'Thank you. Your photos were sent for verification.');
      emit('complete', { type: 'complete', data });
      callHost(options.onComplete, data);
    },
    (error) => {
      if (error instanceof Stopped || (error && error.kind === 'aborted')) return;
      if (!(error instanceof SdkFailure)) console.error('[Onfido emulator] unexpected error', error);
      fail(error instanceof SdkFailure ? error : new SdkFailure('exception', 'An unexpected error stopped the verification.'));
    },
  );
  return handle;
}

export const Onfido = { init };
