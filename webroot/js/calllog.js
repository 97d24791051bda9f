// The call timer and the log of this session's calls.
import { byId } from './ui.js';

const timerOutput = byId('call-timer');
const logRows = document.querySelector('#call-log tbody');
const logEmpty = byId('call-log-empty');

/** The interval that updates the timer during an answered call; null between calls. */
let timer = null;

/** One call as the log shows it; logged once, when it ends. */
export class CallRecord {
  constructor(direction, number) {
    this.direction = direction;
    this.number = number;
    this.answeredAt = null;
    this.outcome = null;
  }

  answered() {
    this.answeredAt = Date.now();
  }

  get wasAnswered() {
    return this.answeredAt !== null;
  }

  /** Logs the call with {@code outcome}; the call's later endings (a hang-up after an error) change nothing. */
  finish(outcome) {
    if (this.outcome) {
      return;
    }
    this.outcome = outcome;
    const duration = this.wasAnswered ? clock(Date.now() - this.answeredAt) : '—';
    const row = document.createElement('tr');
    for (const text of [this.direction, this.number, duration, outcome]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.appendChild(cell);
    }
    logRows.prepend(row);
    logEmpty.hidden = true;
  }
}

export function startTimer() {
  stopTimer();
  const started = Date.now();
  timer = setInterval(() => {
    timerOutput.value = clock(Date.now() - started);
  }, 500);
}

export function stopTimer() {
  clearInterval(timer);
  timer = null;
  timerOutput.value = '00:00';
}

function clock(millis) {
  const seconds = Math.floor(millis / 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return seconds >= 3600
    ? `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`
    : `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
}
