/* Emulated Plaid Link loader (link-initialize.js): window.Plaid.create(config) returns
 * {open, exit, destroy, submit} as Plaid's does. create() preloads the Link page in a hidden
 * iframe served by the emulator and calls onLoad once it is ready; open() before that is delayed.
 * The frame reports by postMessage; this script accepts messages only from the emulator's origin
 * and from its own frame, and sends to the frame only with the emulator's origin as target.
 * Callbacks follow Link's contract for Identity Verification: onEvent(eventName, metadata),
 * onSuccess(null, {institution: null, accounts: [], link_session_id}) when the person finishes the
 * flow (even when verification failed), onExit(error|null, metadata) when Link is closed. */
(function () {
  'use strict';

  // Filled in by the emulator when it serves this file.
  var ORIGIN = '__EMULATOR_ORIGIN__';
  var PAGE_PATH = '/link/v2/stable/idv.html';
  var FROM_FRAME = 'plaid-link-emulator';
  var TO_FRAME = 'plaid-link-emulator-parent';
  var TITLE = 'Plaid Link (emulated)';

  if (window.Plaid && window.Plaid.__emulated) return;

  function noop() {}
  function fn(f) { return typeof f === 'function' ? f : noop; }

  function exitMetadata(linkSessionId) {
    return { institution: null, status: null, link_session_id: linkSessionId || null, request_id: null };
  }

  function eventMetadata(viewName, linkSessionId, extra) {
    var m = {
      account_number_mask: null, error_type: null, error_code: null, error_message: null, exit_status: null,
      institution_id: null, institution_name: null, institution_search_query: null, is_update_mode: 'false',
      match_reason: null, mfa_type: null, routing_number: null, view_name: viewName, selection: null,
      timestamp: new Date().toISOString(), link_session_id: linkSessionId || null, request_id: null
    };
    if (extra) for (var k in extra) m[k] = extra[k];
    return m;
  }

  function create(config) {
    config = config || {};
    if (typeof config.token !== 'string' || config.token === '') throw new Error('Plaid.create: a link token is required');
    var onSuccess = fn(config.onSuccess), onExit = fn(config.onExit), onEvent = fn(config.onEvent), onLoad = fn(config.onLoad);
    var mid = Math.random().toString(36).slice(2, 12);
    var iframe = document.createElement('iframe');
    iframe.src = ORIGIN + PAGE_PATH + '?token=' + encodeURIComponent(config.token) + '&origin=' + encodeURIComponent(window.location.origin) + '&mid=' + mid;
    iframe.title = TITLE;
    iframe.setAttribute('data-plaid-emulator', 'link');
    iframe.setAttribute('allow', 'camera');
    // CSSOM assignments, not a style attribute, so a strict style-src on the host page allows them.
    var s = iframe.style;
    s.position = 'fixed'; s.top = '0'; s.left = '0'; s.width = '100%'; s.height = '100%';
    s.border = '0'; s.margin = '0'; s.zIndex = '2147483647'; s.display = 'none'; s.colorScheme = 'normal';

    var state = { ready: false, openWanted: false, open: false, destroyed: false, linkSessionId: null, finished: false, inerted: [], returnFocus: null };

    function send(message) {
      if (!iframe.contentWindow) return;
      message.source = TO_FRAME;
      message.mid = mid;
      iframe.contentWindow.postMessage(message, ORIGIN);
    }

    function show() {
      state.open = true;
      state.returnFocus = document.activeElement;
      Array.prototype.forEach.call(document.body.children, function (el) {
        if (el !== iframe && !el.inert) { el.inert = true; state.inerted.push(el); }
      });
      iframe.style.display = 'block';
      onEvent('OPEN', eventMetadata(null, state.linkSessionId));
      send({ type: 'open' });
      iframe.focus();
    }

    function hide() {
      state.open = false;
      iframe.style.display = 'none';
      state.inerted.forEach(function (el) { el.inert = false; });
      state.inerted = [];
      if (state.returnFocus && typeof state.returnFocus.focus === 'function') state.returnFocus.focus();
    }

    function finish(kind, data) {
      if (!state.open) return;
      hide();
      var id = (data && data.link_session_id) || state.linkSessionId;
      onEvent('IDENTITY_VERIFICATION_CLOSE_UI', eventMetadata(null, id));
      if (kind === 'success') {
        onEvent('HANDOFF', eventMetadata(null, id));
        onSuccess(null, { institution: null, accounts: [], link_session_id: id });
      } else {
        var error = data && data.error ? {
          error_type: String(data.error.error_type), error_code: String(data.error.error_code),
          error_message: String(data.error.error_message), display_message: data.error.display_message == null ? null : String(data.error.display_message)
        } : null;
        onEvent('EXIT', eventMetadata(null, id, error ? { error_type: error.error_type, error_code: error.error_code, error_message: error.error_message } : null));
        onExit(error, exitMetadata(id));
      }
    }

    function onMessage(event) {
      if (event.origin !== ORIGIN || event.source !== iframe.contentWindow) return;
      var data = event.data;
      if (!data || data.source !== FROM_FRAME || data.mid !== mid) return;
      if (data.event === 'ready') {
        state.ready = true;
        onLoad();
        if (state.openWanted) { state.openWanted = false; show(); }
      } else if (data.event === 'events' && Array.isArray(data.events)) {
        data.events.forEach(function (e) {
          if (e && typeof e.event_name === 'string') {
            if (e.metadata && e.metadata.link_session_id) state.linkSessionId = e.metadata.link_session_id;
            onEvent(e.event_name, e.metadata || eventMetadata(null, state.linkSessionId));
          }
        });
      } else if (data.event === 'finished') {
        state.finished = true;
      } else if (data.event === 'success') {
        finish('success', data);
      } else if (data.event === 'exit') {
        finish('exit', data);
      }
    }

    function onKeydown(event) {
      if (state.open && event.key === 'Escape') { event.preventDefault(); handler.exit({ force: true }); }
    }

    window.addEventListener('message', onMessage);
    document.addEventListener('keydown', onKeydown, true);
    // Plaid.create may run from <head>, before there is a body to hold the frame.
    if (document.body) document.body.appendChild(iframe);
    else document.addEventListener('DOMContentLoaded', function () { if (!state.destroyed) document.body.appendChild(iframe); });

    var handler = {
      open: function () {
        if (state.destroyed || state.open) return;
        if (!state.ready) { state.openWanted = true; return; }
        show();
      },
      /* Link's exit(): closes Link; onSuccess if the person had finished the flow, onExit otherwise. */
      exit: function (options) {
        if (!state.open) { state.openWanted = false; return; }
        send({ type: 'exit', force: !!(options && options.force) });
        finish(state.finished ? 'success' : 'exit', null);
      },
      destroy: function () {
        if (state.destroyed) return;
        state.destroyed = true;
        if (state.open) hide();
        window.removeEventListener('message', onMessage);
        document.removeEventListener('keydown', onKeydown, true);
        if (iframe.parentNode) iframe.parentNode.removeChild(iframe);
      },
      /* Layer's submit({phone_number}|{date_of_birth}): Identity Verification does not use it. */
      submit: function () {}
    };
    return handler;
  }

  window.Plaid = { create: create, version: 'emulated', __emulated: true };
})();
