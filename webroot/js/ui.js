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

/** A new element {@code tag} with {@code className} and {@code text} (each optional), for the lists. */
export function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) {
    made.className = className;
  }
  if (text !== undefined) {
    made.textContent = text;
  }
  return made;
}

/** A past moment as a person reads it in a list: the time today, the day and time before. */
export function when(iso) {
  const at = new Date(iso);
  const time = { hour: '2-digit', minute: '2-digit' };
  return at.toDateString() === new Date().toDateString()
    ? at.toLocaleTimeString([], time)
    : at.toLocaleString([], { month: 'short', day: 'numeric', ...time });
}

/** A length in seconds as m:ss (h:mm:ss past an hour). */
export function minutes(seconds) {
  const pad = (n) => String(n).padStart(2, '0');
  return seconds >= 3600
    ? `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`
    : `${Math.floor(seconds / 60)}:${pad(seconds % 60)}`;
}
