// How a ringing call gets the person's attention: the banner with the caller's number, the tab's title, and a
// notification when the tab is in the background.
import { formatNumber } from './numbers.js';
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
  document.title = missedWhileAway ? missedTitle() : pageTitle;
}

/** The calls missed while the tab was in the background, counted in its title until the person is back. */
let missedWhileAway = 0;

/** A call nobody answered: a person looking elsewhere learns it from the tab's title and a notification. */
export function missedCall(from) {
  if (!document.hidden) {
    return;
  }
  missedWhileAway += 1;
  document.title = missedTitle();
  if ('Notification' in window && Notification.permission === 'granted') {
    const notification = new Notification('Missed call', { body: formatNumber(from), tag: 'switchboard-missed' });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
  }
}

function missedTitle() {
  return `(${missedWhileAway}) Missed call${missedWhileAway > 1 ? 's' : ''} – ${pageTitle}`;
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden && missedWhileAway) {
    missedWhileAway = 0;
    if (banner.hidden) {
      document.title = pageTitle;
    }
  }
});

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
