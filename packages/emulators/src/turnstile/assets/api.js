/* Emulated Cloudflare Turnstile api.js: offers window.turnstile (render, execute, reset, remove,
 * getResponse, isExpired, ready, implicitRender) and renders each widget as an iframe served by
 * the emulator, talking to it only by postMessage with an explicit target origin and checking
 * event.origin and event.source on every message. Longer than 300 lines because it is one
 * self-contained browser script, like the real one: it cannot import helpers under a strict CSP
 * without more requests the real api.js does not make. */
(function () {
  'use strict';

  // Filled in by the emulator when it serves this file (its own origin and the query string).
  var ORIGIN = '__EMULATOR_ORIGIN__';
  var RENDER = '__RENDER__';
  var ONLOAD = '__ONLOAD__';

  var FRAME_PATH = '/cdn-cgi/challenge-platform/emulator/turnstile/if';
  var TITLE = 'Widget containing a Cloudflare security challenge';
  var FROM_FRAME = 'cf-turnstile-emulator';
  var TO_FRAME = 'cf-turnstile-emulator-parent';
  var TOKEN_TTL_MS = 300000;
  var NAME = /^[A-Za-z0-9_-]*$/;
  var SIZES = { normal: [300, 65], compact: [150, 140], flexible: [0, 65] };
  // Client-side error families Turnstile retries (challenge and network failures); others are final.
  var RETRYABLE = /^(300|600|102|103|104|106|11060|11062)/;

  if (window.turnstile) {
    console.warn('[Cloudflare Turnstile] Turnstile already has been loaded. Was Turnstile imported multiple times?');
    return;
  }

  function TurnstileError(message) {
    var error = new Error('[Cloudflare Turnstile] ' + message);
    error.name = 'TurnstileError';
    return error;
  }

  var widgets = Object.create(null);
  var order = [];
  var counter = 0;

  // data-* attributes of implicitly rendered containers, as the real script reads them.
  var DATA_ATTRIBUTES = [
    'sitekey', 'action', 'cdata', 'callback', 'error-callback', 'expired-callback',
    'before-interactive-callback', 'after-interactive-callback', 'timeout-callback', 'theme', 'size',
    'language', 'tabindex', 'response-field', 'response-field-name', 'retry', 'retry-interval',
    'refresh-expired', 'appearance', 'execution'
  ];

  function readDataset(el) {
    var out = {};
    DATA_ATTRIBUTES.forEach(function (name) {
      var value = el.getAttribute('data-' + name);
      if (value !== null) out[name === 'cdata' ? 'cData' : name] = value;
    });
    return out;
  }

  function callbackOf(value) {
    if (typeof value === 'function') return value;
    if (typeof value === 'string' && typeof window[value] === 'function') return window[value];
    return null;
  }

  function call(w, name) {
    var fn = callbackOf(w.params[name]);
    if (!fn) return undefined;
    try {
      return fn.apply(window, Array.prototype.slice.call(arguments, 2));
    } catch (error) {
      console.error('[Cloudflare Turnstile] The ' + name + ' threw:', error);
      return undefined;
    }
  }

  function containerOf(ref) {
    if (typeof ref === 'string') return document.querySelector(ref);
    return ref && ref.nodeType === 1 ? ref : null;
  }

  function byContainer(el) {
    for (var i = 0; i < order.length; i++) if (widgets[order[i]].container === el) return widgets[order[i]];
    return undefined;
  }

  function find(ref) {
    if (ref === undefined || ref === null) return order.length ? widgets[order[0]] : undefined;
    if (typeof ref === 'string' && widgets[ref]) return widgets[ref];
    var el = containerOf(ref);
    return el ? byContainer(el) : undefined;
  }

  function send(w, message) {
    if (!w.iframe || !w.iframe.contentWindow) return;
    message.source = TO_FRAME;
    message.widgetId = w.id;
    w.iframe.contentWindow.postMessage(message, ORIGIN);
  }

  function frameSrc(w) {
    var query = new URLSearchParams({
      sitekey: w.sitekey,
      theme: w.theme,
      size: w.size,
      language: w.language,
      wid: w.id,
      parent: window.location.origin,
      n: String(++counter)
    });
    return ORIGIN + FRAME_PATH + '?' + query.toString();
  }

  // Styles go through the CSSOM, which a host page's CSP (no 'unsafe-inline') does not block.
  function applyLayout(w) {
    var s = w.iframe.style;
    var dims = SIZES[w.size] || SIZES.normal;
    s.border = 'none';
    s.overflow = 'hidden';
    s.colorScheme = 'normal';
    s.width = dims[0] ? dims[0] + 'px' : '100%';
    if (!dims[0]) s.minWidth = '300px';
    s.height = Math.max(dims[1], w.contentHeight || 0) + 'px';
    var appearance = w.params.appearance || 'always';
    var shown = w.visible &&
      (appearance === 'always' ||
        (appearance === 'execute' && w.executeRequested) ||
        (appearance === 'interaction-only' && w.interactive));
    s.display = shown ? 'block' : 'none';
  }

  function clearTimers(w) {
    clearTimeout(w.expiryTimer);
    clearTimeout(w.retryTimer);
    w.expiryTimer = w.retryTimer = undefined;
  }

  function setToken(w, token) {
    w.token = token;
    if (w.input) w.input.value = token || '';
  }

  function onComplete(w, token) {
    if (typeof token !== 'string' || !token || token.length > 2048) return;
    clearTimers(w);
    w.expired = false;
    setToken(w, token);
    call(w, 'callback', token);
    w.expiryTimer = setTimeout(function () { onExpired(w); }, TOKEN_TTL_MS);
  }

  function onExpired(w) {
    var token = w.token;
    w.expired = true;
    call(w, 'expired-callback', token);
    var refresh = w.params['refresh-expired'] || 'auto';
    if (refresh === 'auto') reload(w);
    else send(w, { event: 'expired', refreshable: refresh === 'manual' });
  }

  function onFail(w, code) {
    code = String(code);
    clearTimers(w);
    setToken(w, undefined);
    var handled = call(w, 'error-callback', code);
    if (!callbackOf(w.params['error-callback'])) {
      console.warn('[Cloudflare Turnstile] Error: ' + code + '.');
    } else if (!handled) {
      console.warn('[Cloudflare Turnstile] Error: ' + code + '. (the error-callback did not report it as handled)');
    }
    if ((w.params.retry || 'auto') === 'auto' && RETRYABLE.test(code)) {
      var interval = Number(w.params['retry-interval']);
      if (!(interval > 0 && interval < 900000)) interval = 8000;
      w.retryTimer = setTimeout(function () { reload(w); }, interval);
    }
  }

  // Like the real script, a reset is a fresh challenge: the iframe is loaded again.
  function reload(w) {
    clearTimers(w);
    setToken(w, undefined);
    w.expired = false;
    w.ready = false;
    w.interactive = false;
    if (w.iframe) w.iframe.src = frameSrc(w);
  }

  function onMessage(event) {
    if (event.origin !== ORIGIN) return;
    var data = event.data;
    if (!data || typeof data !== 'object' || data.source !== FROM_FRAME || typeof data.widgetId !== 'string') return;
    var w = widgets[data.widgetId];
    if (!w || !w.iframe || event.source !== w.iframe.contentWindow) return;
    switch (data.event) {
      case 'ready':
        w.ready = true;
        w.visible = data.visible !== false;
        applyLayout(w);
        send(w, {
          event: 'init',
          action: w.action,
          cdata: w.cdata,
          execution: w.params.execution === 'execute' ? 'execute' : 'render',
          executed: w.executeRequested
        });
        break;
      case 'resize':
        if (typeof data.height === 'number' && data.height > 0) {
          w.contentHeight = Math.min(Math.ceil(data.height), 600);
          applyLayout(w);
        }
        break;
      case 'interactive':
        w.interactive = true;
        applyLayout(w);
        call(w, 'before-interactive-callback');
        break;
      case 'interacted':
        call(w, 'after-interactive-callback');
        break;
      case 'complete':
        onComplete(w, data.token);
        break;
      case 'fail':
        onFail(w, data.code);
        break;
      case 'refresh':
        reload(w);
        break;
    }
  }

  function render(containerRef, params) {
    var container = containerOf(containerRef);
    if (!container) throw TurnstileError('Unable to find a container for "' + String(containerRef) + '".');
    if (byContainer(container)) {
      console.warn('[Cloudflare Turnstile] Turnstile has already been rendered in this container.');
      return undefined;
    }
    var p = Object.assign(readDataset(container), params || {});
    if (typeof p.sitekey !== 'string' || !p.sitekey) {
      throw TurnstileError('Invalid or missing type for parameter "sitekey", expected "string", got "' + typeof p.sitekey + '".');
    }
    if (window.location.origin === 'null' || !/^https?:$/.test(window.location.protocol)) {
      throw TurnstileError('Turnstile cannot run in a ' + window.location.protocol + '// url.');
    }
    var id = 'cf-chl-widget-' + Math.random().toString(36).slice(2, 7);
    while (widgets[id]) id = 'cf-chl-widget-' + Math.random().toString(36).slice(2, 7);
    var language = p.language && p.language !== 'auto' ? String(p.language) : (navigator.language || 'en');
    var w = {
      id: id,
      container: container,
      params: p,
      sitekey: p.sitekey,
      action: p.action == null ? '' : String(p.action),
      cdata: p.cData == null ? (p.cdata == null ? '' : String(p.cdata)) : String(p.cData),
      theme: p.theme === 'light' || p.theme === 'dark' ? p.theme : 'auto',
      size: SIZES[p.size] ? p.size : 'normal',
      language: language,
      executeRequested: false,
      visible: true
    };

    var iframe = document.createElement('iframe');
    iframe.id = id;
    iframe.title = TITLE;
    iframe.setAttribute('sandbox', 'allow-same-origin allow-scripts allow-popups');
    iframe.tabIndex = p.tabindex == null ? 0 : Number(p.tabindex) || 0;
    w.iframe = iframe;
    applyLayout(w);
    iframe.src = frameSrc(w);
    container.appendChild(iframe);

    if (p['response-field'] !== false && p['response-field'] !== 'false') {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = p['response-field-name'] || 'cf-turnstile-response';
      input.id = id + '_response';
      container.appendChild(input);
      w.input = input;
    }

    widgets[id] = w;
    order.push(id);

    var invalid = p.size && !SIZES[p.size] ? '400020'
      : w.action.length > 32 || !NAME.test(w.action) ? '110420'
      : w.cdata.length > 255 || !NAME.test(w.cdata) ? '110430'
      : null;
    if (invalid) {
      // Never start a challenge with bad parameters; report them as the real widget does.
      iframe.removeAttribute('src');
      setTimeout(function () { onFail(w, invalid); }, 0);
    }
    return id;
  }

  function execute(containerRef, params) {
    var w = find(containerRef);
    if (!w) {
      var id = render(containerRef, Object.assign({}, params || {}, { execution: 'execute' }));
      w = id ? widgets[id] : undefined;
      if (!w) return;
    }
    w.executeRequested = true;
    applyLayout(w);
    if (w.ready) send(w, { event: 'execute' });
  }

  function reset(ref) {
    var w = find(ref);
    if (!w) return console.warn('[Cloudflare Turnstile] Nothing to reset found for provided container.');
    if (w.params.execution === 'execute') w.executeRequested = false;
    reload(w);
  }

  function remove(ref) {
    var w = find(ref);
    if (!w) return console.warn('[Cloudflare Turnstile] Nothing to remove found for provided container.');
    clearTimers(w);
    if (w.iframe && w.iframe.parentNode) w.iframe.parentNode.removeChild(w.iframe);
    if (w.input && w.input.parentNode) w.input.parentNode.removeChild(w.input);
    delete widgets[w.id];
    order.splice(order.indexOf(w.id), 1);
  }

  function getResponse(ref) {
    var w = find(ref);
    return w && w.token ? w.token : undefined;
  }

  function isExpired(ref) {
    var w = find(ref);
    return !!(w && w.expired);
  }

  function implicitRender() {
    var containers = document.querySelectorAll('.cf-turnstile');
    for (var i = 0; i < containers.length; i++) {
      if (!byContainer(containers[i]) && containers[i].getAttribute('data-sitekey')) render(containers[i]);
    }
  }

  window.addEventListener('message', onMessage);
  window.turnstile = {
    render: render,
    execute: execute,
    reset: reset,
    remove: remove,
    getResponse: getResponse,
    isExpired: isExpired,
    implicitRender: implicitRender,
    ready: function (fn) {
      if (typeof fn !== 'function') throw TurnstileError('turnstile.ready() expects a function.');
      fn();
    }
  };

  if (RENDER !== 'explicit') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', implicitRender);
    else implicitRender();
  }
  if (ONLOAD) {
    if (typeof window[ONLOAD] === 'function') setTimeout(function () { window[ONLOAD](); }, 0);
    else console.warn('[Cloudflare Turnstile] Unable to find onload callback \'' + ONLOAD + '\'.');
  }
})();
