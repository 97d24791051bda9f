// A list the server pages newest first (GET /api/calls, /api/voicemails): the newest page, merged into what is
// shown, whenever something may have changed; an older page each time the list is scrolled to its end (or its
// "older" button is used); an item an event brought, put in at once.
import { callApi } from './api.js';
import { clientName, deviceEvents } from './device.js';

const PAGE_SIZE = 25;

export class PagedList {
  /**
   * @param list   the element (ol) that holds the entries
   * @param empty  the line shown instead of an empty list, or why it could not load
   * @param more   the button that loads an older page, shown while there is one
   * @param path   the API path; {@code field} names the items in its answer, {@code noun} them in messages
   * @param entry  makes the element of an item; items are kept by {@code id(item)}, newest {@code time(item)} first
   * @param loaded called with each answer, for what else it says (a count)
   */
  constructor({ list, empty, more, path, field, noun, entry, id, time, loaded = () => {} }) {
    Object.assign(this, { list, empty, more, path, field, noun, entry, id, time, loaded });
    this.items = new Map();
    /** Each item's element, made once: redrawing the list leaves a playing <audio> and the focus where they are. */
    this.elements = new WeakMap();
    this.next = null;
    this.firstPageLoaded = false;
    // Pages load one after another; a sign-out or a new sign-in makes the answers still on their way stale.
    this.loads = Promise.resolve();
    this.generation = 0;
    deviceEvents.addEventListener('signin', () => {
      this.reset(`Loading your ${noun}…`);
      this.refresh();
    });
    deviceEvents.addEventListener('signout', () => this.reset(`Sign in to see your ${noun}.`));
    more.addEventListener('click', () => this.load(true));
    new IntersectionObserver((seen) => {
      if (seen.some((entry) => entry.isIntersecting)) {
        this.load(true);
      }
    }).observe(more);
  }

  /** The newest page again, merged into what is shown. */
  refresh() {
    return this.load(false);
  }

  /** An item that an event brought, shown at once. */
  put(item) {
    this.keep(item);
    this.render();
  }

  remove(id) {
    this.items.delete(id);
    this.render();
  }

  get(id) {
    return this.items.get(id);
  }

  /** The element that shows the item under {@code id}, once rendered. */
  element(id) {
    const item = this.items.get(id);
    return item ? this.elements.get(item) : undefined;
  }

  reset(text) {
    this.generation += 1;
    this.items = new Map();
    this.next = null;
    this.firstPageLoaded = false;
    this.render();
    this.empty.textContent = text;
  }

  load(older) {
    const mine = this.generation;
    this.loads = this.loads.then(async () => {
      if (mine !== this.generation || (older && !this.next) || !clientName()) {
        return;
      }
      const cursor = older ? `&cursor=${encodeURIComponent(this.next)}` : '';
      let page;
      try {
        page = await callApi(`${this.path}?limit=${PAGE_SIZE}${cursor}`);
      } catch (e) {
        if (mine === this.generation) {
          this.empty.textContent = `Your ${this.noun} could not be loaded (${e.message}).`;
          this.empty.hidden = false;
        }
        return;
      }
      if (mine !== this.generation) {
        return;
      }
      page[this.field].forEach((item) => this.keep(item));
      if (older || !this.firstPageLoaded) {
        this.next = page.next;
      }
      this.firstPageLoaded = true;
      this.empty.textContent = `No ${this.noun} yet.`;
      this.loaded(page);
      this.render();
    });
    return this.loads;
  }

  /** The item, unless the one kept under its id already says the same (its element then stays). */
  keep(item) {
    const kept = this.items.get(this.id(item));
    if (!kept || JSON.stringify(kept) !== JSON.stringify(item)) {
      this.items.set(this.id(item), item);
    }
  }

  render() {
    const newestFirst = [...this.items.values()].sort((a, b) => Date.parse(this.time(b)) - Date.parse(this.time(a)));
    newestFirst.forEach((item, index) => {
      if (!this.elements.has(item)) {
        this.elements.set(item, this.entry(item));
      }
      const made = this.elements.get(item);
      if (this.list.children[index] !== made) {
        this.list.insertBefore(made, this.list.children[index] || null);
      }
    });
    while (this.list.children.length > newestFirst.length) {
      this.list.lastElementChild.remove();
    }
    this.empty.hidden = this.items.size > 0;
    this.more.hidden = !this.next;
  }
}
