// The <identity-verify> custom element: it runs the flow machine and renders its current step.
import { html, LitElement, type PropertyValues } from 'lit';
import type { WidgetEventDetails, WidgetEventName } from '@identity-verify/contract/events';
import type { ActiveAttempt, ProviderCatalogueEntry } from '@identity-verify/contract/schemas';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import { createApiClient, type IdentityApi } from './api/client.js';
import { ApiError } from './api/errors.js';
import { hasDriver } from './drivers/registry.js';
import type { DriverOptions } from './drivers/driver.js';
import type { ProviderMount } from './drivers/mount.js';
import { isMobileWebView, mayLeavePage, presentationOf, prefersRedirect, returnUrlOf } from './drivers/presentation.js';
import { Flow } from './flow/machine.js';
import type { FlowEvent, FlowState } from './flow/types.js';
import { directionOf, enCore, loadMessages, resolveLocale, withStrings, type Messages, type ResolvedLocale, type Strings } from './i18n/index.js';
import { lazyChunk, loadLazySteps, needsLazySteps, organizationOf, renderStep, shownState, statusLine, type StepContext } from './steps/index.js';
import { hasErrorWords, safeHttpUrl } from './steps/text.js';
import { styles } from './styles.js';

type Theme = 'light' | 'dark' | 'auto';

// Types only (no bytes): the package's .d.ts then loads the contract's events, whose detail types
// it adds to HTMLElementEventMap, so a host's addEventListener('identity-verify-complete', …) is typed.
export type { WidgetEventDetails, WidgetEventName };

/**
 * @summary Verifies a person (a human check or an identity check) through the providers the
 * session allows, talking only to the identity-verify BFF with a short-lived client secret.
 *
 * @attr client-secret - The session's client secret, from your backend (never your API key).
 * @attr api-base - The BFF's base URL, e.g. `https://idv.example.com`.
 * @attr locale - A BCP 47 tag, used when the session has no locale; else the browser's. The element
 *   renders in the first of these it has a catalogue for (twenty languages; Arabic and Hebrew right to left).
 * @attr strings - JSON: your own words for some keys, per catalogue, over the widget's
 *   (`{"en": {"ui": {"consent_heading": "…"}, "errors": {"rate_limited": "…"}}}`); keys are in the README.
 * @attr theme - `light`, `dark` or `auto` (default: follows `prefers-color-scheme`).
 * @attr organization-name - Your organization's name, shown in the privacy notice.
 * @attr privacy-policy-url - Your privacy notice (http or https), linked from the consent step.
 * @attr nonce - Your page's CSP nonce, copied to provider scripts the widget loads.
 * @attr stripe-flow - `modal` or `redirect`: how Stripe Identity opens. By default its modal, except
 *   on viewports narrower than 480 px (`modal` keeps the modal there) and in mobile WebViews
 *   (always the redirect), where the person goes to Stripe's page and comes back to this page's
 *   URL without its query or fragment. Under a CSP, allow Stripe as its docs say (js.stripe.com
 *   for scripts and frames).
 *
 * @attr handoff-url - The page a phone opens to continue this verification (our own capture offers
 *   "Use your phone instead", and does at once on a device with no camera): by default this page
 *   without its query or fragment. That page must hold an `<identity-verify api-base=…>` with no
 *   client secret, which redeems the link's single-use token itself (widget/docs/handoff.md).
 *
 * @attr capture-upload - `allow` (default) or `deny`: whether, in our own document and selfie
 *   capture, the person may choose a photo from their files instead of using the camera (always
 *   offered when there is no camera or it is refused, unless `deny`).
 * @attr bridge - In a mobile app's WebView: `ios:<handler>`, `android:<interface>` or `react-native`.
 *   Every event also goes to the app, in order, as a versioned message (widget/docs/webviews.md).
 * @attr complete-url - Where the page goes once the session reached a final status (e.g. your app's
 *   `myapp://verify/done`), with `?session_id=…&status=…` added. `javascript:`, `data:` and the like are refused.
 *   Set both before the element is added to the page.
 *
 * @slot provider - Filled by the widget itself: the provider's UI lives in light DOM because
 *   provider SDKs query and style the document. Do not put content here.
 *
 * @event identity-verify-ready - The session loaded and its first step shows. `{session_id, step}`
 * @event identity-verify-step - The step changed. `{session_id, step, previous}`
 * @event identity-verify-consent - A notice decision was recorded. `{session_id, notice, decision}`
 * @event identity-verify-complete - The session reached a final status. `{session_id, status}`
 * @event identity-verify-error - An error is shown. `{session_id, code}` (a public error code)
 * @event identity-verify-cancel - The person declined, or the session was canceled. `{session_id, reason}`
 *
 * @csspart base - The card around every step.
 * @csspart heading - Each step's heading.
 * @csspart notice - The privacy notice text.
 * @csspart link - The privacy notice link.
 * @csspart button - Every button; primary actions also have part `primary`.
 * @csspart select - The country select.
 * @csspart option - Each way to verify in the provider list.
 * @csspart provider - The area the provider's UI appears in.
 * @csspart result - The explanation under a result's heading.
 * @csspart status - The live region with progress and error messages.
 *
 * @cssproperty --identity-verify-font-family - Font stack (default: the system UI font).
 * @cssproperty --identity-verify-font-size - Base font size (default: 1rem).
 * @cssproperty --identity-verify-radius - Corner radius of the card (controls get half).
 * @cssproperty --identity-verify-color-background - Card background.
 * @cssproperty --identity-verify-color-surface - Buttons and options background.
 * @cssproperty --identity-verify-color-text - Main text.
 * @cssproperty --identity-verify-color-muted - Secondary text.
 * @cssproperty --identity-verify-color-border - Borders of the card and controls.
 * @cssproperty --identity-verify-color-accent - Primary buttons, links, the selected option.
 * @cssproperty --identity-verify-color-accent-text - Text on the accent colour.
 * @cssproperty --identity-verify-color-danger - Error messages.
 * @cssproperty --identity-verify-color-success - The verified heading.
 * @cssproperty --identity-verify-color-focus - The focus ring.
 * (Overrides apply to both themes: keep WCAG AA contrast when you set them.)
 */
export class IdentityVerifyElement extends LitElement {
  static override styles = styles;
  static override properties = {
    clientSecret: { attribute: 'client-secret' },
    apiBase: { attribute: 'api-base' },
    locale: {},
    strings: { converter: (value: string | null) => parseStrings(value) },
    theme: {},
    organizationName: { attribute: 'organization-name' },
    privacyPolicyUrl: { attribute: 'privacy-policy-url' },
    stripeFlow: { attribute: 'stripe-flow' },
    captureUpload: { attribute: 'capture-upload' },
    _state: { state: true },
    _messages: { state: true },
  };

  clientSecret: string | null = null;
  apiBase: string | null = null;
  locale: string | null = null;
  /** Your own words over the catalogue's, per catalogue (the `strings` attribute, parsed). */
  strings: Strings | null = null;
  theme: Theme | null = null;
  organizationName: string | null = null;
  privacyPolicyUrl: string | null = null;
  stripeFlow: string | null = null;
  captureUpload: string | null = null;
  private _state: FlowState = { step: 'loading' };
  /** The catalogue in use. */
  private _messages: Messages = enCore;
  /** What is shown: the catalogue with the host's words over it (see willUpdate). */
  #messages: Messages = enCore;

  /** What the last render showed: the flow's state, unless its step's renderer could not be loaded. */
  #shown: FlowState = this._state;
  #flow: Flow | null = null;
  #flowKey = '';
  #lastView: string | null = null;
  #shownFirstStep = false;
  /** None yet (no tag is empty): the first update resolves it, and loads its complete catalogue. */
  #locale: ResolvedLocale = { catalogue: 'en', tag: '', requested: '' };
  /** The last catalogue asked for, settled once it arrived or failed to (it never rejects). */
  #catalogue: Promise<unknown> = Promise.resolve();
  /** English's error words, asked for once the first step is shown or an error needs them (see willUpdate). */
  #laterCatalogue: (() => void) | null = null;
  #send = (event: FlowEvent) => this.#flow?.send(event);
  /** The events emitted since the WebView chunk was asked for, until it listens itself (see #start). */
  #early: Array<[WidgetEventName, unknown]> | null = null;
  #webView = false;
  /** The WebView chunk's preflight found that no provider window can open here. */
  #noWindows = false;
  #emit = <K extends WidgetEventName>(name: K, detail: WidgetEventDetails[K]) => {
    this.#early?.push([name, detail]);
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  };
  #api: IdentityApi | null = null;
  /** Made on the first provider step, from the lazy chunk that renders it (see updated). */
  #mount: ProviderMount | null = null;

  #driverOptions(attempt: ActiveAttempt): Omit<DriverOptions, 'launch'> {
    return {
      theme: this.theme === 'light' || this.theme === 'dark' ? this.theme : 'auto',
      language: this.#locale.tag.toLowerCase(),
      requestedLanguage: this.#locale.requested.toLowerCase(),
      nonce: this.nonce || this.getAttribute('nonce'),
      presentation: presentationOf(attempt.client, this.#preferRedirect()),
      messages: this.#messages,
      allowFileUpload: this.captureUpload !== 'deny',
      upload: async ({ side, document_type, blob }, progress, signal) => {
        if (!this.#api) throw new ApiError('missing_client_secret', 'The widget has no session.');
        const target = { provider_key: attempt.provider_key, session_ref: attempt.session_ref, side, ...(document_type ? { document_type } : {}) };
        await this.#api.uploadImage(target, blob, progress, signal);
      },
      // A driver is mounted only on a session, so the client exists.
      follow: (onState, signal) => this.#api!.follow!(onState, signal),
    };
  }

  #preferRedirect(): boolean {
    if (typeof window === 'undefined') return false;
    return this.#noWindows || prefersRedirect({ choice: this.stripeFlow, userAgent: navigator.userAgent, viewportWidth: window.innerWidth });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.#flow) this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#flow?.destroy();
    this.#flow = null;
  }

  /** A new client secret or BFF (e.g. after the old secret expired) starts over from the session. */
  #start(failed?: ApiError): void {
    this.#flow?.destroy();
    this.#flowKey = `${this.apiBase ?? ''}\n${this.clientSecret ?? ''}`;
    // Opened from a handoff link, with no client secret: the link's token is redeemed for this phone's own (handoff/phone.ts).
    if (!failed && !this.clientSecret && location.hash.includes('idv-handoff=')) {
      return void import('./handoff/phone.js').then((h) => h.redeemHandoff(this, (failed) => this.#start(failed)));
    }
    let api: IdentityApi | ApiError;
    try {
      api = failed ?? createApiClient({ apiBase: this.apiBase ?? '', clientSecret: this.clientSecret ?? '' });
    } catch (error) {
      api = error as ApiError;
    }
    this.#api = api instanceof ApiError ? null : api;
    this.#shownFirstStep = false;
    // In a WebView, or for a host that named an app bridge or URL: the chunk that forwards every
    // event, from this first one on (queued until it listens), and checks what this page can do.
    if (!this.#webView && (this.hasAttribute('bridge') || this.hasAttribute('complete-url') || isMobileWebView(navigator.userAgent))) {
      this.#webView = true;
      const early: Array<[WidgetEventName, unknown]> = (this.#early = []);
      import('./bridge/index.js')
        .then(({ attach }) => {
          this.#early = null;
          return attach(this, early);
        })
        .then(
          (decision) => {
            this.#noWindows = decision.preferRedirect;
            this.requestUpdate();
          },
          () => (this.#early = null),
        );
    }
    // A provider whose step may leave the page (its driver says when) needs the way back.
    const returnUrl = (key: ProviderKey) => (mayLeavePage(key, this.#preferRedirect()) ? returnUrlOf(window.location) : null);
    // Offered: the providers this bundle has a driver for, and whose notices came with their words.
    const canRun = (entry: ProviderCatalogueEntry) => hasDriver(entry) && entry.notices.every((notice) => entry.notice_texts?.some((t) => t.notice === notice));
    const flow = new Flow({ api, emit: this.#emit, canRun, returnUrl });
    this.#flow = flow;
    flow.subscribe((state) => (this._state = state));
    this._state = flow.state;
    flow.send({ type: 'start' });
  }

  /** What the first step shown does not need: the later steps' renderers, and English's error words. */
  #loadTheRest(): void {
    void loadLazySteps();
    this.#laterCatalogue?.();
    this.#laterCatalogue = null;
  }

  /**
   * An update to a step rendered by the lazy chunk, or to an error whose words the messages in use
   * lack (the core's English has only a few), waits for that chunk and the catalogue: both are
   * asked for once the first step is shown (see updated), long before the person moves on, or
   * here when the first step needs them (a resumed session, an error). Until then the page keeps
   * what it shows, rather than an empty step or a vaguer error. Once both settled (arrived or
   * failed), any state renders.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (!needsLazySteps(this._state) && hasErrorWords(this._state, this._messages)) return super.scheduleUpdate();
    this.#loadTheRest();
    return Promise.all([loadLazySteps(), this.#catalogue]).then(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.isConnected && this.#flow && (changed.has('clientSecret') || changed.has('apiBase'))) {
      if (`${this.apiBase ?? ''}\n${this.clientSecret ?? ''}` !== this.#flowKey) this.#start();
    }
    const session = this._state.step === 'loading' ? null : this._state.session;
    const nav = typeof navigator === 'undefined' ? null : navigator.language;
    // The session's locale is the host backend's choice for this person: it wins over the page's.
    const locale = resolveLocale(session?.locale, this.locale, nav);
    if (locale.tag !== this.#locale.tag) {
      this.#locale = locale;
      // The core's English has its interface words only: its error words come in a chunk, as Spanish does.
      if (locale.catalogue !== this._messages.lang || this._messages === enCore) {
        // Until the catalogue arrives the current one stays; a later choice wins over a slow one.
        const load = () =>
          (this.#catalogue = loadMessages(locale.catalogue).then(
            (messages) => this.#locale === locale && (this._messages = messages),
            () => undefined,
          ));
        // The core's English has every step's interface words: its chunk (error words) need not compete with the first screen.
        this.#laterCatalogue = this._messages === enCore && locale.catalogue === 'en' ? load : null;
        if (!this.#laterCatalogue) load();
      }
    }
    if ((changed as PropertyValues).has('_messages') || changed.has('strings')) this.#messages = withStrings(this._messages, this.strings);
  }

  protected override render() {
    const state = (this.#shown = shownState(this._state));
    const m = this.#messages;
    const ctx: StepContext = {
      messages: m,
      locale: m.lang === this.#locale.catalogue ? this.#locale.tag : m.lang,
      organization: organizationOf(this.organizationName, m),
      privacyUrl: safeHttpUrl(this.privacyPolicyUrl),
      preferRedirect: this.#preferRedirect(),
      send: this.#send,
    };
    const status = statusLine(state, m, ctx.preferRedirect);
    return html`<div class="card" part="base" lang=${ctx.locale} dir=${directionOf(ctx.locale)}>
      ${renderStep(state, ctx)}
      <p class="status ${status.error ? 'error' : ''}" part="status" role="status" aria-live="polite">${status.text}</p>
    </div>`;
  }

  protected override updated(): void {
    const state = this.#shown;
    if (state.step !== 'loading') this.#loadTheRest();
    // A provider step renders only once the lazy chunk is here, and it brings the controller that mounts the provider's UI.
    if (state.step === 'provider_step') {
      this.#mount ??= new (lazyChunk()!.ProviderMount)(this, this.#send, (attempt) => this.#driverOptions(attempt));
    }
    this.#mount?.sync(state);
    // A provider step's phases (ready, open, left) are views of their own for focus.
    const view = state.step === 'provider_step' ? `${state.step}:${state.phase}` : state.step;
    if (view === this.#lastView) return;
    this.#lastView = view;
    // The flow announces the errors it shows; this one (a step that could not be loaded) is ours.
    if (state !== this._state && state.step === 'error') {
      this.#emit('identity-verify-error', { session_id: state.session?.id ?? null, code: state.error.code });
    }
    // Each new step's heading takes focus so screen readers announce it; not the first one,
    // so loading the page does not pull focus (and scroll) to the widget. Nor while a provider's
    // own window is open over the page: it holds the focus then.
    if (state.step === 'loading' || view === 'provider_step:open') return;
    if (this.#shownFirstStep) this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    this.#shownFirstStep = true;
  }
}

/** The `strings` attribute's JSON; anything that is not JSON is no words at all. */
function parseStrings(value: string | null): Strings | null {
  try {
    return value ? (JSON.parse(value) as Strings) : null;
  } catch {
    return null;
  }
}

if (!customElements.get('identity-verify')) customElements.define('identity-verify', IdentityVerifyElement);

declare global {
  interface HTMLElementTagNameMap {
    'identity-verify': IdentityVerifyElement;
  }
}
