// Calls: the one under way and the one ringing in, each followed from the moment it exists to its end, whichever
// side ends it, and logged; the buttons that act on them.
import { showLevel } from './audio.js';
import { CallRecord, startTimer, stopTimer } from './calllog.js';
import { connect, deviceEvents, isSignedIn, showReadiness, twilioError } from './device.js';
import { formatNumber } from './numbers.js';
import { ring, stopRinging } from './ringer.js';
import { byId, setStatus } from './ui.js';

const callButton = byId('call');
const hangUpButton = byId('hangup');
const muteButton = byId('mute');
const answerButton = byId('accept');
const declineButton = byId('reject');

/** The call under way (the SDK's Call) and its record; null between calls. */
let current = null;
/** The incoming call ringing, not yet answered or declined, and its record; null when none rings. */
let pending = null;

export function startCalls() {
  hangUpButton.addEventListener('click', hangUp);
  muteButton.addEventListener('click', toggleMute);
  answerButton.addEventListener('click', answer);
  declineButton.addEventListener('click', decline);
  deviceEvents.addEventListener('incoming', (event) => incoming(event.detail));
  // The line's news reaches the status line between calls; during one, the call's state is what matters.
  deviceEvents.addEventListener('registered', () => {
    if (!current) {
      showReadiness();
    }
  });
  deviceEvents.addEventListener('unregistered', () => {
    if (!current) {
      setStatus('Not receiving calls: signed out of Twilio.', 'error');
    }
  });
  deviceEvents.addEventListener('signout', () => {
    current = null;
    pending = null;
    stopTimer();
    stopRinging();
  });
  deviceEvents.addEventListener('change', refreshControls);
  refreshControls();
}

export const inCall = () => current !== null;

/** Calls {@code destination}, a valid one from numbers.destination(), from {@code callerId} (optional). */
export async function place(destination, callerId) {
  const record = new CallRecord('Outgoing', destination.label);
  setStatus(`Calling ${destination.label}…`, 'busy');
  let call;
  try {
    call = await connect(destination.target, callerId);
  } catch (error) {
    record.finish('Failed');
    twilioError(error);
    return;
  }
  follow(call, record);
  call.on('ringing', () => setStatus(`Ringing ${destination.label}…`, 'busy'));
}

/**
 * Another device of the number took the call from {@code from}: the one ringing here stops, said so, rather than
 * going on to look missed when Twilio cancels it.
 */
export function answeredElsewhere(from, by) {
  const ringing = pending && pending.call.parameters && pending.call.parameters.From;
  if (ringing === from) {
    const taken = takePending();
    taken.record.finish(`Answered on ${by}`);
    refreshControls();
  }
  if (!current) {
    setStatus(`The call from ${formatNumber(from)} was answered on ${by}.`, 'ready');
  }
}

/** Sends a DTMF digit in the call under way. */
export function sendDigit(digit) {
  current.call.sendDigits(digit);
  setStatus(`In call with ${current.record.number}: sent ${digit}`, 'busy');
}

function follow(call, record) {
  current = { call, record };
  refreshControls();
  call.on('accept', () => {
    record.answered();
    setStatus(`In call with ${record.number}`, 'busy');
    startTimer();
  });
  call.on('disconnect', () => ended(call, record.wasAnswered ? 'Answered' : 'No answer'));
  call.on('cancel', () => ended(call, 'Cancelled'));
  call.on('reject', () => ended(call, 'Declined'));
  call.on('error', (error) => {
    twilioError(error);
    ended(call, 'Failed');
  });
  // A toggle keeps its name; aria-pressed (and its style) say whether it is on.
  call.on('mute', (muted) => muteButton.setAttribute('aria-pressed', String(muted)));
  call.on('volume', showLevel);
}

function ended(call, outcome) {
  if (!current || current.call !== call) {
    return;
  }
  current.record.finish(outcome);
  current = null;
  stopTimer();
  showLevel(0);
  refreshControls();
  showReadiness();
}

function hangUp() {
  if (current) {
    current.call.disconnect();
  }
}

function toggleMute() {
  if (current) {
    current.call.mute(!current.call.isMuted());
  }
}

function incoming(call) {
  const from = formatNumber(call.parameters && call.parameters.From);
  if (current || pending) {
    call.reject();
    new CallRecord('Incoming', from).finish('Missed (busy)');
    return;
  }
  pending = { call, record: new CallRecord('Incoming', from) };
  setStatus(`Incoming call from ${from}`, 'busy');
  ring(from);
  refreshControls();
  const missed = (outcome) => () => {
    if (pending && pending.call === call) {
      pending.record.finish(outcome);
      pending = null;
      stopRinging();
      showReadiness();
      refreshControls();
    }
  };
  call.on('cancel', missed('Missed'));
  call.on('disconnect', missed('Missed'));
  call.on('error', (error) => {
    twilioError(error);
    missed('Failed')();
  });
}

/** The call that was ringing, taken out of the banner to be answered or declined. */
function takePending() {
  const taken = pending;
  pending = null;
  stopRinging();
  return taken;
}

function answer() {
  const taken = takePending();
  if (taken) {
    follow(taken.call, taken.record);
    taken.call.accept();
  }
}

function decline() {
  const taken = takePending();
  if (taken) {
    taken.call.reject();
    taken.record.finish('Declined');
    showReadiness();
    refreshControls();
  }
}

function refreshControls() {
  const inACall = inCall();
  callButton.disabled = !isSignedIn() || inACall || pending !== null;
  hangUpButton.disabled = !inACall;
  muteButton.disabled = !inACall;
  if (!inACall) {
    muteButton.setAttribute('aria-pressed', 'false');
  }
}
