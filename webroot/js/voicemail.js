// The voicemail inbox (GET /api/voicemails): newest first, paged as the list scrolls, the unheard ones counted in a
// badge. A message plays in the page: its <audio> gets a short-lived ticket in its URL (an <audio> element cannot
// send the access token), and playing marks it heard; it can be deleted.
import { callApi, sessionServer } from './api.js';
import { fillNumber } from './dialer.js';
import { partyName } from './numbers.js';
import { PagedList } from './pagedlist.js';
import { byId, element, minutes, showMessage, when } from './ui.js';

const list = byId('voicemails');
const badge = byId('voicemail-unheard');
let inbox = null;
/** The server's count of unheard messages, kept up to date by what the page hears and marks. */
let unheard = 0;

export function startVoicemail() {
  inbox = new PagedList({
    list,
    empty: byId('voicemails-empty'),
    more: byId('voicemails-more'),
    path: '/api/voicemails',
    field: 'voicemails',
    noun: 'voicemail',
    entry,
    id: (voicemail) => voicemail.id,
    time: (voicemail) => voicemail.receivedAt,
    loaded: (page) => showUnheard(page.unheard),
  });
}

/** The newest messages again, and the count: after the live stream was cut for a while. */
export function refreshVoicemail() {
  return inbox.refresh();
}

/** A message an event announced: listed at once, and counted. */
export function newVoicemail(voicemail) {
  if (!inbox.get(voicemail.id)) {
    inbox.put({ heard: false, audioUrl: `/api/voicemails/${encodeURIComponent(voicemail.id)}/audio`, ...voicemail });
    showUnheard(unheard + 1);
  }
}

function showUnheard(count) {
  unheard = Math.max(0, count || 0);
  badge.replaceChildren(String(unheard), element('span', 'visually-hidden', ' unheard'));
  badge.hidden = unheard === 0;
}

/** One message: who left it, when, how long; play, call back, delete. */
function entry(voicemail) {
  const item = element('li', voicemail.heard ? 'voicemail' : 'voicemail unheard');
  item.dataset.id = voicemail.id;
  const head = element('div', 'head');
  const time = element('time', 'when', when(voicemail.receivedAt));
  time.dateTime = voicemail.receivedAt;
  time.title = new Date(voicemail.receivedAt).toLocaleString();
  head.append(element('span', 'who', partyName(voicemail.from)), time,
    element('span', 'what', [minutes(voicemail.durationSeconds || 0), voicemail.heard ? null : 'New']
      .filter(Boolean).join(' · ')));
  const play = element('button', 'play', 'Play');
  play.type = 'button';
  play.setAttribute('aria-label', `Play the message from ${partyName(voicemail.from)}`);
  play.addEventListener('click', () => listen(voicemail, play));
  const callBack = element('button', 'call-back', 'Call back');
  callBack.type = 'button';
  callBack.disabled = !/^\+[0-9]{6,15}$/.test(voicemail.from || '');
  callBack.addEventListener('click', () => fillNumber(voicemail.from));
  const remove = element('button', 'delete', 'Delete');
  remove.type = 'button';
  remove.setAttribute('aria-label', `Delete the message from ${partyName(voicemail.from)}`);
  remove.addEventListener('click', () => deleteMessage(voicemail));
  const actions = element('div', 'actions');
  actions.append(play, callBack, remove);
  item.append(head, actions);
  return item;
}

/** Plays the message in an <audio> that replaces the Play button, keyboard-usable with its own controls. */
async function listen(voicemail, play) {
  play.disabled = true;
  let ticket;
  try {
    ticket = await callApi(`${voicemail.audioUrl}/ticket`, { method: 'POST' });
  } catch (e) {
    play.disabled = false;
    showMessage(`The message cannot be played (${e.message}).`);
    return;
  }
  const audio = element('audio');
  audio.controls = true;
  audio.preload = 'auto';
  audio.setAttribute('aria-label', `Message from ${partyName(voicemail.from)}`);
  audio.src = `${sessionServer()}${voicemail.audioUrl}?ticket=${encodeURIComponent(ticket.ticket)}`;
  audio.addEventListener('playing', () => markHeard(voicemail), { once: true });
  audio.addEventListener('error', () => showMessage('The message could not be played: Twilio may not have it '
    + 'any more. Try again in a moment.'));
  play.replaceWith(audio);
  audio.focus();
  audio.play().catch(() => {
    // The browser wants another click on the controls: they are there.
  });
}

async function markHeard(voicemail) {
  if (voicemail.heard) {
    return;
  }
  try {
    await callApi(`/api/voicemails/${encodeURIComponent(voicemail.id)}/heard`, { method: 'POST' });
  } catch (e) {
    return;
  }
  voicemailHeard(voicemail.id);
}

/**
 * The message listed under this id; when none is (not loaded yet, on an older page, or deleted here already), the
 * server's unheard count is read again instead, since the badge counts every page.
 */
function listedOrRecounted(id) {
  const voicemail = inbox.get(id);
  if (!voicemail) {
    refreshVoicemail();
  }
  return voicemail;
}

/**
 * A message heard, here or on another page of this client (an event): shown heard where it is listed, its element
 * kept (its recording may be playing), and counted once whichever of the answer and the event comes first.
 */
export function voicemailHeard(id) {
  const voicemail = listedOrRecounted(id);
  if (!voicemail || voicemail.heard) {
    return;
  }
  voicemail.heard = true;
  const item = inbox.element(id);
  if (item) {
    item.classList.remove('unheard');
    item.querySelector('.what').textContent = minutes(voicemail.durationSeconds || 0);
  }
  showUnheard(unheard - 1);
}

async function deleteMessage(voicemail) {
  try {
    await callApi(`/api/voicemails/${encodeURIComponent(voicemail.id)}`, { method: 'DELETE' });
  } catch (e) {
    showMessage(`The message could not be deleted (${e.message}).`);
    return;
  }
  voicemailDeleted(voicemail.id);
}

/** A message deleted, here or on another page of this client (an event): gone, and counted once. */
export function voicemailDeleted(id) {
  const voicemail = listedOrRecounted(id);
  if (!voicemail) {
    return;
  }
  inbox.remove(id);
  if (!voicemail.heard) {
    showUnheard(unheard - 1);
  }
}
