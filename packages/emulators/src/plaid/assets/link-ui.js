/* The emulated Link page inside the loader's iframe. It trusts only the host page origin it was
 * framed with (cross-checked with location.ancestorOrigins where the browser has it), opens the
 * session when the host calls open(), shows one step at a time, sends each step to the emulator
 * and reports Link's events, the finish and the exit to the host page, always with that origin as
 * target. Events carry event and view names only. Escape or the close button exits. */
(function () {
  'use strict';

  var FROM_FRAME = 'plaid-link-emulator';
  var TO_FRAME = 'plaid-link-emulator-parent';
  var body = document.body;
  var parentOrigin = body.getAttribute('data-parent');
  var mid = body.getAttribute('data-mid');
  // 'link' inside the loader's frame; 'hosted' standing alone behind a shareable_url, with no host to report to.
  var hosted = body.getAttribute('data-mode') === 'hosted';
  var access = hosted
    ? { verification_id: body.getAttribute('data-verification'), key: body.getAttribute('data-key') }
    : { token: body.getAttribute('data-token') };
  var statusEl = document.getElementById('pl-status');
  var dialog = document.getElementById('pl-dialog');
  var view = null;
  var opened = false;
  var busy = false;
  var ended = false;

  var DONE_TEXT = {
    success: ['Verification complete', 'Your identity has been verified.'],
    failed: ['Verification finished', 'We could not verify your identity. You can continue; the service you came from will tell you what to do next.'],
    pending_review: ['Verification submitted', 'Your information is being reviewed.'],
    expired: ['Session expired', 'This verification session has expired.'],
    canceled: ['Session canceled', 'This verification session was canceled.']
  };

  function genuineParent() {
    var ancestors = window.location.ancestorOrigins;
    if (window.parent === window) return false;
    return !ancestors || ancestors.length === 0 || ancestors[0] === parentOrigin;
  }

  function post(event, extra) {
    if (hosted) return;
    var message = { source: FROM_FRAME, mid: mid, event: event };
    if (extra) for (var k in extra) message[k] = extra[k];
    window.parent.postMessage(message, parentOrigin);
  }

  function setStatus(text) { statusEl.textContent = text; }

  function call(path, payload) {
    return fetch('/link/v2/stable/idv/' + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      credentials: 'omit',
      cache: 'no-store'
    }).then(function (res) {
      return res.json().then(function (json) { return { ok: res.ok, body: json }; });
    });
  }

  function exitLink(error) {
    if (ended) return;
    if (hosted) { setStatus((error && error.error_message) || 'This verification link is not valid.'); return; }
    ended = true;
    post('exit', { error: error || null, link_session_id: view ? view.link_session_id : null });
  }

  function succeed() {
    if (ended) return;
    if (hosted) {
      document.getElementById('pl-continue').hidden = true;
      document.getElementById('pl-done-text').textContent += ' You can close this page.';
      ended = true;
      return;
    }
    ended = true;
    post('success', { link_session_id: view.link_session_id });
  }

  function outcome() {
    var checked = document.querySelector('input[name="outcome"]:checked');
    return checked ? checked.value : 'as_entered';
  }

  function show(next) {
    view = next;
    if (view.events && view.events.length) post('events', { events: view.events });
    Array.prototype.forEach.call(document.querySelectorAll('.pl-step'), function (el) { el.hidden = true; });
    if (view.status !== 'active') {
      post('finished');
      var text = DONE_TEXT[view.status] || DONE_TEXT.failed;
      document.getElementById('pl-done-title').textContent = text[0];
      document.getElementById('pl-done-text').textContent = text[1];
      document.getElementById('pl-outcome').hidden = true;
      document.getElementById('pl-done').hidden = false;
      setStatus('');
      document.getElementById('pl-continue').focus();
      return;
    }
    var form = document.getElementById('pl-step-' + view.current_step);
    if (!form) { setStatus('This step is not available in the emulator.'); return; }
    if (view.current_step === 'documentary_verification') {
      document.getElementById('pl-doc-left').textContent = 'Attempts left: ' + view.documents_left + '.';
    }
    form.hidden = false;
    var first = form.querySelector('input, button');
    if (first) first.focus();
  }

  function input(form) {
    var step = form.getAttribute('data-step');
    var data = new FormData(form);
    var value = function (name) { return String(data.get(name) || ''); };
    if (step === 'accept_tos') return { step: step, accepted: true };
    if (step === 'verify_sms') return { step: step, phone_number: value('phone_number').trim(), code: value('code').trim() };
    if (step === 'documentary_verification') return { step: step };
    var person = {};
    ['given_name', 'family_name', 'date_of_birth', 'street', 'city', 'region', 'postal_code', 'country', 'ssn'].forEach(function (n) { person[n] = value(n).trim(); });
    person.country = person.country.toUpperCase();
    return { step: step, person: person };
  }

  function submitStep(event) {
    event.preventDefault();
    if (busy || ended) return;
    busy = true;
    setStatus('Checking…');
    var before = view;
    var payload = { input: input(event.target), outcome: outcome() };
    for (var k in access) payload[k] = access[k];
    call('step', payload).then(
      function (res) {
        busy = false;
        if (!res.ok) { setStatus((res.body.error && res.body.error.error_message) || 'That did not work; check the fields.'); return; }
        var sameStep = res.body.current_step && before && res.body.current_step === before.current_step;
        show(res.body);
        setStatus(sameStep ? 'That did not pass; try again.' : '');
      },
      function () { busy = false; setStatus('The verification service could not be reached.'); }
    );
  }

  function openSession() {
    if (opened) return;
    opened = true;
    setStatus('Loading…');
    call('session', access).then(
      function (res) {
        if (!res.ok) { exitLink(res.body.error); return; }
        setStatus('');
        show(res.body);
      },
      function () { exitLink({ error_type: 'API_ERROR', error_code: 'INTERNAL_SERVER_ERROR', error_message: 'the emulator could not be reached', display_message: null }); }
    );
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== parentOrigin || event.source !== window.parent) return;
    var data = event.data;
    if (!data || data.source !== TO_FRAME || data.mid !== mid) return;
    if (data.type === 'open') {
      openSession();
      document.getElementById('pl-title').focus();
    } else if (data.type === 'exit') {
      // The host closed Link; it reports onSuccess or onExit itself. Nothing more is sent.
      ended = true;
    }
  });

  Array.prototype.forEach.call(document.querySelectorAll('form.pl-step'), function (form) { form.addEventListener('submit', submitStep); });
  document.getElementById('pl-close').addEventListener('click', function () { if (view && view.status !== 'active') succeed(); else exitLink(null); });
  document.getElementById('pl-continue').addEventListener('click', succeed);

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (view && view.status !== 'active') succeed(); else exitLink(null);
      return;
    }
    if (event.key !== 'Tab') return;
    var items = Array.prototype.filter.call(dialog.querySelectorAll('button, input'), function (el) {
      return !el.disabled && el.offsetParent !== null;
    });
    if (items.length === 0) return;
    var first = items[0];
    var last = items[items.length - 1];
    if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) { event.preventDefault(); first.focus(); }
  });

  if (hosted) {
    document.getElementById('pl-close').hidden = true;
    openSession();
  } else if (genuineParent()) post('ready');
  else setStatus('This page only works inside Plaid Link.');
})();
