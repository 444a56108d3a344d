/* The emulated Turnstile challenge, inside the iframe api.js renders. It trusts only the host page
 * origin it was framed with (cross-checked with location.ancestorOrigins where the browser has
 * it), posts to that origin explicitly, and checks event.origin and event.source on every message.
 * Tokens are minted by the emulator's own endpoint, bound to sitekey, action, cdata and hostname. */
(function () {
  'use strict';

  var FROM_FRAME = 'cf-turnstile-emulator';
  var TO_FRAME = 'cf-turnstile-emulator-parent';
  var MINT_URL = '/cdn-cgi/challenge-platform/emulator/turnstile/token';

  var body = document.body;
  var cfg = {
    wid: body.getAttribute('data-wid'),
    parent: body.getAttribute('data-parent'),
    sitekey: body.getAttribute('data-sitekey'),
    mode: body.getAttribute('data-mode'),
    visible: body.getAttribute('data-visible') !== 'false'
  };
  var checkbox = document.getElementById('cf-check');
  var outcome = document.getElementById('cf-outcome');
  var statusEl = document.getElementById('cf-status');
  var refresh = document.getElementById('cf-refresh');
  var state = { action: '', cdata: '', initialised: false, waitingForExecute: false, busy: false, done: false };

  function setStatus(text, kind) {
    statusEl.textContent = text;
    statusEl.className = 'cf-status' + (kind ? ' cf-' + kind : '');
    reportSize();
  }

  // A page that claims one origin while another frames it gets no token and no messages.
  function parentIsGenuine() {
    var ancestors = window.location.ancestorOrigins;
    if (window.parent === window) return false;
    return !ancestors || ancestors.length === 0 || ancestors[0] === cfg.parent;
  }

  function post(event, extra) {
    var message = { source: FROM_FRAME, widgetId: cfg.wid, event: event };
    if (extra) for (var k in extra) message[k] = extra[k];
    window.parent.postMessage(message, cfg.parent);
  }

  function reportSize() {
    if (state.genuine) post('resize', { height: document.documentElement.scrollHeight });
  }

  function lockControls(locked) {
    if (checkbox) checkbox.disabled = locked;
    if (outcome) outcome.disabled = locked;
  }

  function fail(code, text) {
    state.busy = false;
    state.done = true;
    if (checkbox) checkbox.checked = false;
    lockControls(true);
    setStatus(text || 'Verification failed', 'error');
    post('fail', { code: code });
  }

  function solve() {
    if (state.busy || state.done) return;
    state.busy = true;
    lockControls(true);
    setStatus('Verifying…', 'busy');
    fetch(MINT_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        sitekey: cfg.sitekey,
        action: state.action,
        cdata: state.cdata,
        parent: cfg.parent,
        outcome: outcome ? outcome.value : 'pass',
        interactive: cfg.mode === 'interactive'
      })
    })
      .then(function (res) { return res.ok ? res.json() : { success: false, error_code: '300030' }; })
      .then(function (result) {
        if (!result || !result.success || typeof result.token !== 'string') return fail(String((result && result.error_code) || '300030'));
        state.busy = false;
        state.done = true;
        if (checkbox) checkbox.checked = true;
        lockControls(true);
        setStatus('Success!', 'success');
        post('complete', { token: result.token });
      })
      .catch(function () { fail('300030', 'Network error'); });
  }

  function start() {
    if (cfg.mode === 'invalid') return fail('110100', 'Invalid sitekey');
    if (state.waitingForExecute) {
      setStatus('Waiting for the page to start the check', '');
      return;
    }
    if (cfg.mode === 'interactive') {
      lockControls(false);
      setStatus('', '');
      post('interactive');
    } else {
      solve();
    }
  }

  function onMessage(event) {
    if (event.origin !== cfg.parent || event.source !== window.parent) return;
    var data = event.data;
    if (!data || typeof data !== 'object' || data.source !== TO_FRAME || data.widgetId !== cfg.wid) return;
    if (data.event === 'init' && !state.initialised) {
      state.initialised = true;
      state.action = typeof data.action === 'string' ? data.action : '';
      state.cdata = typeof data.cdata === 'string' ? data.cdata : '';
      state.waitingForExecute = data.execution === 'execute' && !data.executed;
      start();
    } else if (data.event === 'execute' && state.initialised && state.waitingForExecute) {
      state.waitingForExecute = false;
      start();
    } else if (data.event === 'expired') {
      if (checkbox) checkbox.checked = false;
      setStatus('Expired', 'error');
      if (data.refreshable) refresh.hidden = false;
      reportSize();
    }
  }

  if (checkbox) {
    checkbox.addEventListener('change', function () {
      if (!checkbox.checked || state.busy || state.done) return;
      post('interacted');
      solve();
    });
  }
  refresh.addEventListener('click', function () { post('refresh'); });

  document.documentElement.className = cfg.visible ? '' : 'cf-invisible';
  state.genuine = !!cfg.parent && !!cfg.wid && parentIsGenuine();
  if (!state.genuine) {
    setStatus('This challenge is not embedded by the page it was issued for.', 'error');
    return;
  }
  window.addEventListener('message', onMessage);
  post('ready', { visible: cfg.visible, interactive: cfg.mode === 'interactive' });
  reportSize();
})();
