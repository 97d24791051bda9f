// How a ringing call gets the person's attention: the banner with the caller's number, the tab's title, and a
// notification when the tab is in the background.
import { byId } from './ui.js';

const banner = byId('incoming');
const caller = byId('incoming-from');
const answer = byId('accept');
const pageTitle = document.title;

export function ring(from) {
  caller.textContent = from || 'Unknown caller';
  banner.hidden = false;
  answer.focus();
  document.title = `Incoming call from ${from} – ${pageTitle}`;
  notify(from);
}

export function stopRinging() {
  banner.hidden = true;
  document.title = pageTitle;
}

/** Asked at sign-in, a moment the person chose, rather than when the first call rings. */
export function askForNotifications() {
  if ('Notification' in window && Notification.permission === 'default') {
    Notification.requestPermission().catch(() => {});
  }
}

/** A tab in the background still rings; a notification also tells a person looking at another window. */
function notify(from) {
  if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
    const notification = new Notification('Incoming call', { body: from, tag: 'switchboard-incoming' });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
  }
}
