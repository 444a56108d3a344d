/* The emulated Stripe Identity modal, inside the iframe the Stripe.js stand-in opens. It trusts
 * only the host page origin it was framed with (cross-checked with location.ancestorOrigins where
 * the browser has it), receives the publishable key and client secret from that page by
 * postMessage, asks the emulator which outcomes apply, and reports the chosen one back. Focus
 * stays inside the dialog (Tab wraps); Escape or the close button cancels. */
(function () {
  'use strict';

  var FROM_FRAME = 'stripe-identity-emulator';
  var TO_FRAME = 'stripe-identity-emulator-parent';
  var body = document.body;
  var parentOrigin = body.getAttribute('data-parent');
  var mid = body.getAttribute('data-mid');
  var dialog = document.getElementById('si-dialog');
  var title = document.getElementById('si-title');
  var statusEl = document.getElementById('si-status');
  var outcomesEl = document.getElementById('si-outcomes');
  var closeButton = document.getElementById('si-close');
  var credentials = null;
  var busy = false;
  var done = false;

  function genuineParent() {
    var ancestors = window.location.ancestorOrigins;
    if (window.parent === window) return false;
    return !ancestors || ancestors.length === 0 || ancestors[0] === parentOrigin;
  }

  function post(event, extra) {
    var message = { source: FROM_FRAME, mid: mid, event: event };
    if (extra) for (var k in extra) message[k] = extra[k];
    window.parent.postMessage(message, parentOrigin);
  }

  function setStatus(text) {
    statusEl.textContent = text;
  }

  function finish(result) {
    if (done) return;
    done = true;
    post('result', { result: result });
  }

  function cancel() {
    if (done) return;
    done = true;
    post('close');
  }

  function call(path, payload) {
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      credentials: 'omit',
      cache: 'no-store'
    }).then(function (res) {
      return res.json().then(function (json) {
        return { ok: res.ok, body: json };
      });
    });
  }

  function connectionError() {
    return { error: { type: 'api_connection_error', message: 'The verification service could not be reached.' } };
  }

  function choose(outcome) {
    if (busy || done) return;
    busy = true;
    Array.prototype.forEach.call(outcomesEl.querySelectorAll('button'), function (b) { b.disabled = true; });
    setStatus('Submitting…');
    call('/verify/modal/submit', { key: credentials.key, client_secret: credentials.clientSecret, outcome: outcome }).then(
      function (res) { finish(res.ok ? res.body : { error: res.body.error }); },
      function () { finish(connectionError()); }
    );
  }

  function render(session) {
    var groups = {};
    var order = [];
    session.outcomes.forEach(function (o) {
      if (!groups[o.group]) {
        groups[o.group] = [];
        order.push(o.group);
      }
      groups[o.group].push(o);
    });
    order.forEach(function (group) {
      var fieldset = document.createElement('fieldset');
      var legend = document.createElement('legend');
      legend.textContent = session.legends[group] || group;
      fieldset.appendChild(legend);
      var list = document.createElement('ul');
      list.className = 'si-outcomes';
      groups[group].forEach(function (o) {
        var item = document.createElement('li');
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = o.label;
        if (o.group === 'pass') button.className = 'si-primary';
        button.addEventListener('click', function () { choose(o.value); });
        item.appendChild(button);
        list.appendChild(item);
      });
      fieldset.appendChild(list);
      outcomesEl.appendChild(fieldset);
    });
    setStatus('');
    var first = outcomesEl.querySelector('button');
    if (first) first.focus();
  }

  function start() {
    call('/verify/modal/session', { key: credentials.key, client_secret: credentials.clientSecret }).then(
      function (res) {
        if (!res.ok) finish({ error: res.body.error });
        else render(res.body);
      },
      function () { finish(connectionError()); }
    );
  }

  function focusables() {
    return Array.prototype.filter.call(dialog.querySelectorAll('button'), function (el) {
      return !el.disabled;
    });
  }

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
      return;
    }
    if (event.key !== 'Tab') return;
    var items = focusables();
    if (items.length === 0) return;
    var first = items[0];
    var last = items[items.length - 1];
    var active = document.activeElement;
    if (event.shiftKey && (active === first || !dialog.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  });

  closeButton.addEventListener('click', cancel);

  window.addEventListener('message', function (event) {
    if (event.origin !== parentOrigin || event.source !== window.parent) return;
    var data = event.data;
    if (!data || data.source !== TO_FRAME || data.mid !== mid || data.type !== 'init' || credentials) return;
    credentials = { key: String(data.key), clientSecret: String(data.clientSecret) };
    title.focus();
    start();
  });

  if (genuineParent()) {
    post('ready');
  } else {
    setStatus('This verification can only be opened by Stripe.js on the page that started it.');
  }
})();
