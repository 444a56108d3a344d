/* Emulated Stripe.js (the part Identity uses): window.Stripe(publishableKey) and
 * stripe.verifyIdentity(clientSecret), which opens the verification modal as an iframe served by the
 * emulator and resolves like Stripe.js does: {verificationSession: {id}} once the person submits,
 * {error: {type, code, message}} otherwise, with code "session_cancelled" when they close it.
 * The client secret travels to the frame by postMessage with an explicit target origin, never in a
 * URL; every message is checked for origin and source. While the modal is open the rest of the
 * page is inert, so focus stays in the dialog, and Escape closes it. */
(function () {
  'use strict';

  // Filled in by the emulator when it serves this file.
  var ORIGIN = '__EMULATOR_ORIGIN__';
  var MODAL_PATH = '/verify/modal';
  var FROM_FRAME = 'stripe-identity-emulator';
  var TO_FRAME = 'stripe-identity-emulator-parent';
  var TITLE = 'Stripe Identity verification (emulated)';
  // What Stripe.js reports when the person closes the modal without submitting (code as Stripe.js sends it).
  var CANCELLED = {
    type: 'invalid_request_error',
    code: 'session_cancelled',
    message: 'The verification was cancelled: the user closed the modal before submitting.'
  };

  if (window.Stripe) {
    console.warn('[Stripe emulator] Stripe.js is already loaded on this page; keeping the existing window.Stripe.');
    return;
  }

  function IntegrationError(message) {
    var error = new Error(message);
    error.name = 'IntegrationError';
    return error;
  }

  var current = null;

  function sanitize(result) {
    if (result && result.verificationSession && typeof result.verificationSession.id === 'string') {
      return { verificationSession: { id: result.verificationSession.id } };
    }
    var e = (result && result.error) || {};
    var error = { type: String(e.type || 'api_error'), message: String(e.message || 'The verification could not be completed.') };
    if (e.code) error.code = String(e.code);
    return { error: error };
  }

  function close(result) {
    var modal = current;
    if (!modal) return;
    current = null;
    window.removeEventListener('message', modal.onMessage);
    document.removeEventListener('keydown', modal.onKeydown, true);
    modal.inerted.forEach(function (el) { el.inert = false; });
    if (modal.iframe.parentNode) modal.iframe.parentNode.removeChild(modal.iframe);
    if (modal.returnFocus && typeof modal.returnFocus.focus === 'function') modal.returnFocus.focus();
    modal.resolve(sanitize(result));
  }

  function openModal(key, clientSecret, resolve) {
    if (current) {
      resolve({ error: { type: 'invalid_request_error', message: 'A verification modal is already open.' } });
      return;
    }
    var mid = Math.random().toString(36).slice(2, 12);
    var iframe = document.createElement('iframe');
    iframe.src = ORIGIN + MODAL_PATH + '?parent=' + encodeURIComponent(window.location.origin) + '&mid=' + mid;
    iframe.title = TITLE;
    iframe.setAttribute('allow', 'camera');
    iframe.setAttribute('data-stripe-emulator', 'identity-modal');
    // CSSOM assignments, not a style attribute, so a strict style-src on the host page still allows them.
    var s = iframe.style;
    s.position = 'fixed';
    s.top = '0';
    s.left = '0';
    s.width = '100%';
    s.height = '100%';
    s.border = '0';
    s.margin = '0';
    s.zIndex = '2147483647';
    s.colorScheme = 'normal';

    var modal = { iframe: iframe, mid: mid, resolve: resolve, inerted: [], returnFocus: document.activeElement, onMessage: null, onKeydown: null };
    modal.onMessage = function (event) {
      if (event.origin !== ORIGIN || event.source !== iframe.contentWindow) return;
      var data = event.data;
      if (!data || data.source !== FROM_FRAME || data.mid !== mid) return;
      if (data.event === 'ready') {
        iframe.contentWindow.postMessage({ source: TO_FRAME, mid: mid, type: 'init', key: key, clientSecret: clientSecret }, ORIGIN);
        iframe.focus();
      } else if (data.event === 'result') {
        close(data.result);
      } else if (data.event === 'close') {
        close({ error: CANCELLED });
      }
    };
    modal.onKeydown = function (event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        close({ error: CANCELLED });
      }
    };
    current = modal;
    window.addEventListener('message', modal.onMessage);
    document.addEventListener('keydown', modal.onKeydown, true);
    Array.prototype.forEach.call(document.body.children, function (el) {
      if (!el.inert) {
        el.inert = true;
        modal.inerted.push(el);
      }
    });
    document.body.appendChild(iframe);
  }

  function maskKey(key) {
    return key.length > 12 ? key.slice(0, 8) + '…' + key.slice(-4) : '…';
  }

  function Stripe(publishableKey, options) {
    if (!(this instanceof Stripe)) return new Stripe(publishableKey, options);
    if (typeof publishableKey !== 'string' || publishableKey === '') {
      throw IntegrationError('Please call Stripe() with your publishable key. You used an empty string.');
    }
    if (/^(sk|rk)_/.test(publishableKey)) {
      throw IntegrationError('You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.');
    }
    if (!/^pk_/.test(publishableKey)) throw IntegrationError('Invalid API Key provided: ' + maskKey(publishableKey));
    Object.defineProperty(this, '_apiKey', { value: publishableKey });
  }

  Stripe.prototype.verifyIdentity = function (clientSecret) {
    if (typeof clientSecret !== 'string' || clientSecret === '') {
      throw IntegrationError('Invalid value for verifyIdentity: clientSecret should be a string. You specified: ' + typeof clientSecret + '.');
    }
    var key = this._apiKey;
    return new Promise(function (resolve) {
      openModal(key, clientSecret, resolve);
    });
  };

  Stripe.version = 3;
  window.Stripe = Stripe;
})();
