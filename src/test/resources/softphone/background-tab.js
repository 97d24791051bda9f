// Loaded by the browser tests before the page's scripts: the tab can be put in the background
// (window.backgroundTab.hide()), and notifications are recorded in window.backgroundTab.notifications instead of
// reaching the desktop, where a headless browser shows nothing. Permission starts undecided and is granted when asked.
(() => {
  let hidden = false;
  let permission = 'default';
  const notifications = [];
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true,
    get: () => (hidden ? 'hidden' : 'visible') });
  class RecordedNotification {
    constructor(title, options) {
      this.title = title;
      this.body = options && options.body;
      this.tag = options && options.tag;
      this.closed = false;
      this.onclick = null;
      notifications.push(this);
    }
    static get permission() {
      return permission;
    }
    static requestPermission() {
      permission = 'granted';
      return Promise.resolve(permission);
    }
    close() {
      this.closed = true;
    }
  }
  window.Notification = RecordedNotification;
  window.backgroundTab = {
    notifications,
    permission: () => permission,
    hide: () => { hidden = true; document.dispatchEvent(new Event('visibilitychange')); },
    show: () => { hidden = false; document.dispatchEvent(new Event('visibilitychange')); },
  };
})();
