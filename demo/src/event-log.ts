// The log of the widget's DOM events, newest last, as a host page would receive them.
import { WIDGET_EVENT_NAMES, type WidgetEventName } from '@identity-verify/contract/events';
import { h } from './dom.js';

export class EventLog {
  readonly #list: HTMLOListElement;
  readonly #empty: HTMLElement;

  constructor(list: HTMLOListElement, empty: HTMLElement) {
    this.#list = list;
    this.#empty = empty;
  }

  /** Subscribes to every widget event on `element`; returns the unsubscribe function. */
  watch(element: HTMLElement, onEvent: (name: WidgetEventName, detail: unknown) => void): () => void {
    const listener = (event: Event) => {
      const name = event.type as WidgetEventName;
      const detail = event instanceof CustomEvent ? (event.detail as unknown) : null;
      this.add(name, detail);
      onEvent(name, detail);
    };
    for (const name of WIDGET_EVENT_NAMES) element.addEventListener(name, listener);
    return () => {
      for (const name of WIDGET_EVENT_NAMES) element.removeEventListener(name, listener);
    };
  }

  add(name: string, detail: unknown): void {
    // Newest last, like a console: keep it in view unless the reader scrolled up to look back.
    const scroller = this.#list.parentElement;
    const following = !scroller || scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 8;
    const time = new Date().toLocaleTimeString(undefined, { hour12: false });
    this.#list.append(
      h(
        'li',
        {},
        h('span', { class: 'event-head' }, h('time', {}, time), ' ', h('strong', {}, name)),
        h('code', { class: 'event-detail' }, JSON.stringify(detail)),
      ),
    );
    this.#empty.hidden = true;
    if (scroller && following) scroller.scrollTop = scroller.scrollHeight;
  }

  clear(): void {
    this.#list.replaceChildren();
    this.#empty.hidden = false;
  }
}
