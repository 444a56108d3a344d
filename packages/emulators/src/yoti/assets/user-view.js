// The emulated Yoti user view's only script: tells the parent page how the view ended, and in the
// bare launch mode announces STARTED and waits for INIT_SESSION. Messages go to the parent's origin
// only (never '*'), and a message is accepted only from the parent window at that origin.
(function () {
  'use strict';
  var main = document.querySelector('main');
  if (!main || window.parent === window) return;
  var data = main.dataset;

  function parentOrigin() {
    try {
      var ancestors = window.location.ancestorOrigins;
      if (ancestors && ancestors.length > 0 && ancestors[0] !== 'null') return ancestors[0];
    } catch (e) {
      // Not offered by this browser: fall back to what the server read from the first load.
    }
    return data.parentOrigin || null;
  }

  var origin = parentOrigin();
  if (!origin) return;
  var field = document.getElementById('parent-origin');
  if (field) field.value = origin;

  function post(message) {
    window.parent.postMessage(message, origin);
  }

  if (data.mode === 'await-init') {
    window.addEventListener('message', function (event) {
      if (event.source !== window.parent || event.origin !== origin) return;
      var m = event.data;
      if (!m || m.eventType !== 'INIT_SESSION' || typeof m.sessionID !== 'string' || typeof m.sessionToken !== 'string') return;
      var url = new URL('index.html', window.location.href);
      url.searchParams.set('sessionID', m.sessionID);
      url.searchParams.set('sessionToken', m.sessionToken);
      url.searchParams.set('parentOrigin', origin);
      window.location.replace(url.href);
    });
    post({ eventType: 'STARTED' });
    return;
  }
  if (data.eventType === 'SUCCESS') post({ eventType: 'SUCCESS' });
  else if (data.eventType === 'ERROR') post({ eventType: 'ERROR', eventCode: Number(data.eventCode) });
})();
