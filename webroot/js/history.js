// The call history kept by the server (GET /api/calls), newest first, paged as the list scrolls; a click on a call
// puts its number in the dial box.
import { clientName } from './device.js';
import { fillNumber } from './dialer.js';
import { partyName } from './numbers.js';
import { PagedList } from './pagedlist.js';
import { byId, element, minutes, when } from './ui.js';

const ENDED = new Set(['completed', 'no-answer', 'busy', 'failed', 'canceled']);
const OUTGOING_OUTCOMES = { 'no-answer': 'No answer', busy: 'Busy', failed: 'Failed', canceled: 'Cancelled' };

const list = byId('history');
let calls = null;

export function startHistory() {
  calls = new PagedList({
    list,
    empty: byId('history-empty'),
    more: byId('history-more'),
    path: '/api/calls',
    field: 'calls',
    noun: 'calls',
    entry,
    id: (call) => call.callSid,
    time: (call) => call.startedAt,
  });
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

/** The newest calls again: when an event says a call changed, or the tab is back in front. */
export function refreshHistory() {
  return calls.refresh();
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
  button.append(arrow, element('span', 'who', partyName(other)), time, what);
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
    return { text: elsewhere ? `Answered on ${partyName(call.answeredBy)}` : 'Answered', missed: false };
  }
  return { text: call.answeredAt ? 'Answered' : OUTGOING_OUTCOMES[call.status] || 'No answer', missed: false };
}

const dialable = (party) => Boolean(party) && (party.startsWith('client:') || /^\+[0-9]{6,15}$/.test(party));
