// The call history kept by the server (GET /api/calls): newest first, an older page each time the list is scrolled
// to its end; a click on a call puts its number in the dial box.
import { callApi } from './api.js';
import { clientName, deviceEvents } from './device.js';
import { fillNumber } from './dialer.js';
import { formatNumber } from './numbers.js';
import { byId, element, minutes, when } from './ui.js';

const PAGE_SIZE = 25;
const ENDED = new Set(['completed', 'no-answer', 'busy', 'failed', 'canceled']);
const OUTGOING_OUTCOMES = { 'no-answer': 'No answer', busy: 'Busy', failed: 'Failed', canceled: 'Cancelled' };

const list = byId('history');
const empty = byId('history-empty');
const more = byId('history-more');

/** The calls shown, by callSid; the cursor of the next older page, null on the last. */
let calls = new Map();
let next = null;
let firstPageLoaded = false;
/** Pages load one after another; a sign-out or a new sign-in makes the answers still on their way stale. */
let loads = Promise.resolve();
let generation = 0;

export function startHistory() {
  deviceEvents.addEventListener('signin', () => {
    reset('Loading your calls…');
    refreshHistory();
  });
  deviceEvents.addEventListener('signout', () => reset('Sign in to see your calls.'));
  more.addEventListener('click', () => load(true));
  new IntersectionObserver((seen) => {
    if (seen.some((entry) => entry.isIntersecting)) {
      load(true);
    }
  }).observe(more);
  list.addEventListener('click', (event) => {
    const call = event.target.closest('button[data-number]');
    if (call) {
      fillNumber(call.dataset.number);
    }
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      refreshHistory();
    }
  });
}

/** The newest page again, merged into what is shown: when an event says a call changed, or the tab is back. */
export function refreshHistory() {
  return load(false);
}

function reset(text) {
  generation += 1;
  calls = new Map();
  next = null;
  firstPageLoaded = false;
  render();
  empty.textContent = text;
}

function load(older) {
  const mine = generation;
  loads = loads.then(async () => {
    if (mine !== generation || (older && !next) || !clientName()) {
      return;
    }
    const cursor = older ? `&cursor=${encodeURIComponent(next)}` : '';
    let page;
    try {
      page = await callApi(`/api/calls?limit=${PAGE_SIZE}${cursor}`);
    } catch (e) {
      if (mine === generation) {
        empty.textContent = `Your calls could not be loaded (${e.message}).`;
        empty.hidden = false;
      }
      return;
    }
    if (mine !== generation) {
      return;
    }
    page.calls.forEach((call) => calls.set(call.callSid, call));
    if (older || !firstPageLoaded) {
      next = page.next;
    }
    firstPageLoaded = true;
    empty.textContent = 'No calls yet.';
    render();
  });
  return loads;
}

function render() {
  const newestFirst = [...calls.values()].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  list.replaceChildren(...newestFirst.map(entry));
  empty.hidden = calls.size > 0;
  more.hidden = !next;
}

/** One call as a button: who, when, which way, how long, how it ended; missed ones in red. */
function entry(call) {
  const incoming = call.direction === 'incoming';
  const other = incoming ? call.from : call.to;
  const outcome = outcomeOf(call);
  const button = element('button', outcome.missed ? 'entry missed' : 'entry');
  button.type = 'button';
  button.setAttribute('aria-describedby', 'history-hint');
  if (dialable(other)) {
    button.dataset.number = other;
  } else {
    button.disabled = true;
  }
  const time = element('time', 'when', when(call.startedAt));
  time.dateTime = call.startedAt;
  time.title = new Date(call.startedAt).toLocaleString();
  const answered = call.answeredAt && call.durationSeconds !== null;
  const what = element('span', 'what', [incoming ? 'Incoming' : 'Outgoing',
    answered ? minutes(call.durationSeconds) : null].filter(Boolean).join(' · ') + ' · ');
  what.append(element('span', 'outcome', outcome.text));
  if (call.voicemail) {
    what.append(element('span', 'tag', 'Voicemail'));
  }
  const arrow = element('span', 'arrow', incoming ? '↙' : '↗');
  arrow.setAttribute('aria-hidden', 'true');
  button.append(arrow, element('span', 'who', display(other)), time, what);
  const item = element('li');
  item.dataset.callSid = call.callSid;
  item.append(button);
  return item;
}

function outcomeOf(call) {
  if (!ENDED.has(call.status)) {
    return { text: call.status === 'in-progress' ? 'In progress' : 'Ringing', missed: false };
  }
  if (call.direction === 'incoming') {
    if (!call.answeredBy && !call.answeredAt) {
      return { text: 'Missed', missed: true };
    }
    const elsewhere = call.answeredBy && call.answeredBy !== clientName();
    return { text: elsewhere ? `Answered on ${display(call.answeredBy)}` : 'Answered', missed: false };
  }
  return { text: call.answeredAt ? 'Answered' : OUTGOING_OUTCOMES[call.status] || 'No answer', missed: false };
}

/** A number formatted, a browser client by its name; a withheld number says so. */
function display(party) {
  if (!party || /^(anonymous|restricted|unknown)$/i.test(party)) {
    return 'Unknown caller';
  }
  return party.startsWith('client:') ? party.slice('client:'.length) : formatNumber(party);
}

const dialable = (party) => Boolean(party) && (party.startsWith('client:') || /^\+[0-9]{6,15}$/.test(party));
