// A panel that shows one list the screen's poll reads, re-rendered only when what it would show
// changed (so a poll every 2 s does not reset focus, open dialogs or scrolling).
import { busy, fill, h, notice, section } from './dom.js';

export class ListPanel {
  #shown = null;
  /** How many items the poll reads; the "more" button asks for 20 more, up to 100. */
  limit = 20;

  /**
   * `before`: elements above the list (a lead paragraph, a filter); `more`: the label of a button
   * that shows older items, or nothing when the list is not paged.
   */
  constructor({ id, title, before = [], loading, more, refreshNow }) {
    this.body = h('div', {}, notice('loading', loading));
    this.more = more ? h('button', { type: 'button', class: 'secondary', hidden: true }, more) : null;
    this.element = section(id, title, [...before, this.body, this.more]);
    this.more?.addEventListener('click', () => {
      this.limit = Math.min(100, this.limit + 20);
      void busy(this.more, refreshNow);
    });
  }

  /** Shows whether older items exist (the page's nextCursor). */
  showMore(page) {
    if (this.more) this.more.hidden = page.nextCursor === null;
  }

  /** `items` as a list, or the `empty` notice; nothing happens when `key` is what is on screen already. */
  showList(key, items, { empty, label, className = 'rows', row }) {
    if (key === this.#shown) return;
    this.#shown = key;
    if (items.length === 0) {
      fill(this.body, notice('empty', empty));
      return;
    }
    fill(this.body, h('ul', { class: className, 'aria-label': label }, items.map(row)));
  }

  /** Forgets what is on screen, so the next showList renders whatever it gets. */
  forget() {
    this.#shown = null;
  }
}
