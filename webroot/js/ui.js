// What every part of the page shares: finding its elements, and the two lines where the page speaks to the
// person: #status says where things stand, #message what went wrong and what to do.

export const byId = (id) => document.getElementById(id);

const status = byId('status');
const message = byId('message');

/** @param kind idle, busy, ready or error: the style of the status line */
export function setStatus(text, kind) {
  status.textContent = text;
  status.dataset.kind = kind;
}

/** Shows text as the message, or hides the message when text is empty. */
export function showMessage(text) {
  message.textContent = text;
  message.hidden = !text;
}

/** An error of the Voice SDK or of the browser, as its code and message. */
export function describe(error) {
  if (!error) {
    return 'unknown error';
  }
  return [error.code, error.message || error.description].filter(Boolean).join(' ');
}
