// What to call: the number field, checked and formatted as it is typed, and the dial pad; during a call the pad
// and the keyboard's digits send DTMF instead. Which of the client's numbers the call shows, when it has several.
import { callApi } from './api.js';
import { inCall, place, sendDigit } from './calls.js';
import { deviceEvents, lineCountry, signedInNumber } from './device.js';
import { destination, formatAsTyped, formatNumber } from './numbers.js';
import { byId, showMessage } from './ui.js';

const form = byId('dial');
const field = byId('phone-number');
const hint = byId('phone-number-hint');
const pad = byId('dial-pad');
const callerId = byId('caller-id');
const callerIdBox = byId('caller-id-field');

export function startDialer() {
  form.addEventListener('submit', dial);
  field.addEventListener('input', onInput);
  field.addEventListener('blur', () => {
    const parsed = destination(field.value, lineCountry());
    if (parsed.valid && parsed.target.startsWith('+')) {
      field.value = parsed.label;
    }
  });
  pad.addEventListener('click', (event) => {
    const key = event.target.closest('button[data-digit]');
    if (key) {
      pressKey(key.dataset.digit);
    }
  });
  document.addEventListener('keydown', (event) => {
    const typingInAField = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    if (inCall() && !typingInAField && /^[0-9*#]$/.test(event.key)) {
      pressKey(event.key);
    }
  });
  deviceEvents.addEventListener('signin', listCallerIds);
  deviceEvents.addEventListener('renewed', listCallerIds);
  deviceEvents.addEventListener('signout', () => {
    callerIdBox.hidden = true;
    callerId.replaceChildren();
  });
}

/** Puts {@code number} in the number field, as a click in the history does, ready to call. */
export function fillNumber(number) {
  field.value = number;
  onInput();
  field.focus();
}

/** The client's own numbers, the one chosen kept; the picker shows only when there is a choice. */
async function listCallerIds() {
  let numbers;
  try {
    numbers = (await callApi('/api/numbers')).numbers;
  } catch (e) {
    numbers = [];
  }
  const chosen = callerId.value || signedInNumber();
  callerId.replaceChildren(...numbers.map((number) => new Option(formatNumber(number), number, false,
    number === chosen)));
  callerIdBox.hidden = numbers.length < 2;
}

function dial(event) {
  event.preventDefault();
  showMessage('');
  const parsed = destination(field.value, lineCountry());
  if (!parsed.valid) {
    field.setAttribute('aria-invalid', 'true');
    showMessage('Enter a valid phone number with its country code, or client:name.');
    field.focus();
    return;
  }
  place(parsed, callerIdBox.hidden ? undefined : callerId.value);
}

function onInput(event) {
  const typing = event && (event.inputType === 'insertText' || event.inputType === 'insertFromPaste');
  if (typing && field.selectionStart === field.value.length) {
    field.value = formatAsTyped(field.value, lineCountry());
  }
  const value = field.value.trim();
  const parsed = destination(value, lineCountry());
  if (!value) {
    field.removeAttribute('aria-invalid');
    hint.textContent = 'A phone number, or client:name for another browser.';
  } else if (parsed.valid) {
    field.setAttribute('aria-invalid', 'false');
    hint.textContent = `Will call ${parsed.label}.`;
  } else {
    field.setAttribute('aria-invalid', 'true');
    hint.textContent = 'Not a valid number yet: include the country code, e.g. +81 90 5987 6543.';
  }
}

function pressKey(digit) {
  if (inCall()) {
    sendDigit(digit);
  } else {
    field.value += digit;
    onInput();
    field.focus();
  }
}
