// Live news from the server (GET /api/events, Server-Sent Events): a call ringing, answered on another device,
// ended or missed, a voicemail left, heard or deleted on another page, the directory changed. An EventSource cannot
// send the access token, so each connection opens with a one-time ticket; when the stream ends the page asks for a
// new ticket and reopens it with the id of the last event seen, and re-reads its lists for anything missed
// meanwhile. Presence: the server hears when the Device registers and unregisters.
import { callApi, sessionServer } from './api.js';
import { answeredElsewhere } from './calls.js';
import { clientName, deviceEvents, renewTokenNow } from './device.js';
import { refreshHistory } from './history.js';
import { missedCall } from './ringer.js';
import { byId } from './ui.js';
import { newVoicemail, refreshVoicemail, voicemailDeleted, voicemailHeard } from './voicemail.js';

const TYPES = ['call.ringing', 'call.answered', 'call.ended', 'call.missed', 'voicemail.new', 'voicemail.heard',
  'voicemail.deleted', 'directory.changed'];
const FIRST_RETRY_MS = 2000;
const LAST_RETRY_MS = 60000;
const MAX_REMEMBERED = 500;

const indicator = byId('live');

let source = null;
let generation = 0;
let lastEventId = null;
let retryMs = FIRST_RETRY_MS;
let retryTimer = null;
/** Ids of the events handled, so that one told again (a replay after a reconnect) is handled once. */
const handled = new Set();

export function startEvents() {
  deviceEvents.addEventListener('signin', () => {
    stop();
    lastEventId = null;
    handled.clear();
    open(generation);
  });
  deviceEvents.addEventListener('signout', () => {
    sayPresence(false);
    stop();
  });
  deviceEvents.addEventListener('registered', () => sayPresence(true));
  deviceEvents.addEventListener('unregistered', () => sayPresence(false));
}

/** Says whether the lists update by themselves: off (signed out), on, or waiting to reconnect. */
function showLive(state) {
  indicator.dataset.state = state;
  indicator.hidden = state === 'off';
  indicator.textContent = state === 'on' ? 'Live updates on' : 'Live updates paused: reconnecting…';
}

function stop() {
  showLive('off');
  generation += 1;
  clearTimeout(retryTimer);
  if (source) {
    source.close();
    source = null;
  }
}

async function open(mine) {
  let ticket;
  try {
    ticket = (await callApi('/api/events/ticket', { method: 'POST' })).ticket;
  } catch (e) {
    retry(mine);
    return;
  }
  if (mine !== generation) {
    return;
  }
  const since = lastEventId ? `&lastEventId=${encodeURIComponent(lastEventId)}` : '';
  const reopened = lastEventId !== null || retryMs !== FIRST_RETRY_MS;
  source = new EventSource(`${sessionServer()}/api/events?ticket=${encodeURIComponent(ticket)}${since}`);
  source.addEventListener('open', () => {
    retryMs = FIRST_RETRY_MS;
    showLive('on');
    if (reopened) {
      refreshHistory();
      refreshVoicemail();
    }
  });
  // The browser would reconnect by itself with the same, spent, ticket: the page reconnects with a new one.
  source.addEventListener('error', () => {
    if (mine === generation) {
      source.close();
      source = null;
      retry(mine);
    }
  });
  TYPES.forEach((type) => source.addEventListener(type, (message) => {
    if (mine === generation) {
      receive(type, message);
    }
  }));
}

function retry(mine) {
  if (mine === generation && clientName()) {
    showLive('retrying');
    retryTimer = setTimeout(() => open(mine), retryMs);
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  }
}

function receive(type, message) {
  let event;
  try {
    event = JSON.parse(message.data);
  } catch (e) {
    return;
  }
  // An event with no id of its own (directory.changed, voicemail.heard, voicemail.deleted) still reports the last id
  // the stream set as its lastEventId: only its data says whether it is one to take once.
  if (event.id) {
    if (handled.has(event.id)) {
      return;
    }
    handled.add(event.id);
    if (handled.size > MAX_REMEMBERED) {
      handled.delete(handled.values().next().value);
    }
    lastEventId = event.id;
  }
  if (type === 'directory.changed') {
    renewTokenNow();
    return;
  }
  if (type === 'voicemail.heard') {
    voicemailHeard(event.voicemailId);
    return;
  }
  if (type === 'voicemail.deleted') {
    voicemailDeleted(event.voicemailId);
    return;
  }
  if (type === 'voicemail.new') {
    newVoicemail({ ...event, id: event.voicemailId });
  }
  if (type === 'call.answered' && event.answeredBy && event.answeredBy !== clientName()) {
    answeredElsewhere(event.from, event.answeredBy);
  }
  if (type === 'call.missed') {
    missedCall(event.from);
  }
  refreshHistory();
}

/** Tells the server whether calls can ring here; it routes to the fallback when no device of a number can. */
function sayPresence(registered) {
  if (clientName()) {
    callApi('/api/presence', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ registered }),
    }).catch(() => {
      // The stream's own presence stands in for it.
    });
  }
}
