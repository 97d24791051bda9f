// Signing in: a token from the server for the Twilio number, the Twilio.Device (Voice JavaScript SDK 2.x, a
// classic script that sets window.Twilio) registered with it, renewed before it expires, and what its errors mean.
import {
  endSession, fetchToken, rememberedServer, rememberServer, serverAddress, useSession,
} from './api.js';
import { microphoneRefused, useAudio } from './audio.js';
import { formatNumber, lineNumber } from './numbers.js';
import { askForNotifications } from './ringer.js';
import { byId, describe, setStatus, showMessage } from './ui.js';

/** Past this without registering, the page says Twilio cannot be reached instead of waiting in silence. */
const REGISTER_TIMEOUT_MS = 15000;
/** How long before the token expires the SDK asks for a new one. */
const TOKEN_REFRESH_MS = 60000;
const REMEMBERED_CLIENT = 'switchboard.clientName';
const TOKEN_ERRORS = new Set([20101, 20102, 20103, 20104, 20105, 20106, 20107, 20157, 31202, 31204, 31205, 31207]);
const NETWORK_ERRORS = new Set([31000, 31003, 31005, 31009, 53000, 53001, 53405]);
const MIC_ERRORS = new Set([31401, 31402, 31208]);

const form = byId('sign-in');
const numberField = byId('twilio-number');
const secretField = byId('secret');
const clientField = byId('client-name');
const clientFieldBox = byId('client-name-field');
const serverField = byId('api-base');
const signInButton = byId('connect');
const signOutButton = byId('sign-out');

/**
 * What the rest of the page hears of the line: {@code incoming} (the call as {@code detail}), {@code registered}
 * and {@code unregistered} (for the status line, which a call under way keeps), {@code change} after each sign-in
 * attempt and sign-out, {@code signin} once a sign-in got its token (the browser's API can be called from then
 * on), and {@code signout}.
 */
export const deviceEvents = new EventTarget();

/** The number, secret, client name and server of the last sign-in: tokens are renewed with them. */
let line = { twilioNumber: null, secret: '', clientName: '', server: '' };
/** The country of the Twilio number, in which numbers dialled in a national format are read. */
let country;
/** The registered (or registering) Twilio.Device; null when signed out. */
let device = null;
/** The client name the server's directory gave the number, shown on the status line. */
let identity = null;
let registered = false;
let registerWatchdog = null;

export function startSignIn() {
  const params = new URLSearchParams(window.location.search);
  serverField.value = params.get('api') || rememberedServer() || '';
  numberField.value = params.get('number') || '';
  clientField.value = params.get('client') || localStorage.getItem(REMEMBERED_CLIENT) || '';
  clientFieldBox.hidden = !clientField.value;
  form.addEventListener('submit', signIn);
  signOutButton.addEventListener('click', signOut);
  if (!window.Twilio || !window.Twilio.Device) {
    setStatus('Unavailable: the Twilio Voice SDK did not load.', 'error');
  }
  showSignedIn();
}

export const isSignedIn = () => device !== null;

export const lineCountry = () => country;

/** The client name the server's directory gave this device; null when signed out. */
export const clientName = () => identity;

/** The Twilio number signed in with, in E.164 when it is valid. */
export const signedInNumber = () => line.twilioNumber;

/**
 * Places a call to {@code to} (E.164 or a client name) showing {@code callerId}, one of the client's numbers (the
 * server's choice when absent); resolves to the SDK's Call.
 */
export function connect(to, callerId) {
  const params = { To: to };
  if (callerId) {
    params.callerId = callerId;
  }
  return device.connect({ params });
}

/** The status line when no call is under way: signed out, connecting, or ready for calls. */
export function showReadiness() {
  if (!device) {
    setStatus('Signed out: enter your Twilio number to start.', 'idle');
  } else if (registered) {
    setStatus(`Ready: calls to ${formatNumber(line.twilioNumber)} ring here (${identity}).`, 'ready');
  } else {
    setStatus('Connecting to Twilio…', 'busy');
  }
}

/** Says what an error of the SDK, the Device's or a call's, means for the person and what to do. */
export function twilioError(error) {
  const code = error && error.code;
  if (TOKEN_ERRORS.has(code)) {
    setStatus('Offline: Twilio refused the token.', 'error');
    showMessage('Twilio refused or expired the token: check the server\'s Twilio account, API key and TwiML App, '
      + 'then sign in again.');
  } else if (MIC_ERRORS.has(code)) {
    microphoneRefused();
  } else if (NETWORK_ERRORS.has(code) || !registered) {
    clearTimeout(registerWatchdog);
    setStatus('Offline: cannot reach Twilio.', 'error');
    showMessage(`Twilio could not be reached (${describe(error)}). Check the network, then sign out and in again.`);
  } else {
    showMessage(`Twilio reported a problem: ${describe(error)}.`);
  }
}

async function signIn(event) {
  event.preventDefault();
  showMessage('');
  if (!window.Twilio || !window.Twilio.Device) {
    showMessage('The Twilio Voice SDK did not load: reload the page.');
    return;
  }
  const typed = numberField.value.trim();
  const parsed = lineNumber(typed);
  country = parsed.country;
  line = {
    twilioNumber: parsed.number,
    secret: secretField.value,
    clientName: clientFieldBox.hidden ? '' : clientField.value.trim(),
    server: serverAddress(serverField.value),
  };
  if (!typed) {
    numberField.setAttribute('aria-invalid', 'true');
    numberField.focus();
    return;
  }
  rememberServer(line.server);
  askForNotifications();
  setStatus('Signing in…', 'busy');
  signInButton.disabled = true;
  try {
    const token = await fetchToken(line);
    identity = token.identity;
    clientField.removeAttribute('aria-invalid');
    if (line.clientName) {
      localStorage.setItem(REMEMBERED_CLIENT, line.clientName);
    }
    useSession(line.server, token.accessToken);
    startDevice(token.accessToken);
    deviceEvents.dispatchEvent(new Event('signin'));
  } catch (e) {
    setStatus('Signed out: the sign-in failed.', 'error');
    showMessage(e.message);
    if (e.needsClientName) {
      clientFieldBox.hidden = false;
      clientField.setAttribute('aria-invalid', 'true');
      clientField.focus();
    }
  } finally {
    signInButton.disabled = false;
    showSignedIn();
    deviceEvents.dispatchEvent(new Event('change'));
  }
}

function startDevice(accessToken) {
  const created = new window.Twilio.Device(accessToken, {
    closeProtection: true,
    codecPreferences: ['opus', 'pcmu'],
    tokenRefreshMs: TOKEN_REFRESH_MS,
    logLevel: 'warn',
  });
  device = created;
  registered = false;
  created.on('registering', () => setStatus('Connecting to Twilio…', 'busy'));
  created.on('registered', () => {
    if (device === created) {
      registered = true;
      clearTimeout(registerWatchdog);
      showMessage('');
      deviceEvents.dispatchEvent(new Event('registered'));
    }
  });
  created.on('unregistered', () => {
    if (device === created) {
      registered = false;
      deviceEvents.dispatchEvent(new Event('unregistered'));
    }
  });
  created.on('error', twilioError);
  created.on('incoming', (call) => deviceEvents.dispatchEvent(new CustomEvent('incoming', { detail: call })));
  created.on('tokenWillExpire', () => renewToken(created));
  showReadiness();
  useAudio(created.audio);
  registerWatchdog = setTimeout(() => {
    if (device === created && !registered) {
      setStatus('Offline: cannot reach Twilio.', 'error');
      showMessage('Twilio could not be reached: no calls can ring here. Check the network (a firewall may block '
        + 'Twilio), then sign out and in again.');
    }
  }, REGISTER_TIMEOUT_MS);
  Promise.resolve(created.register()).catch(twilioError);
}

/** A new token now, not when the old one nears its end: after the directory changed what it grants. */
export function renewTokenNow() {
  if (device) {
    renewToken(device);
  }
}

async function renewToken(renewing) {
  try {
    const token = await fetchToken(line);
    if (device === renewing) {
      renewing.updateToken(token.accessToken);
      useSession(line.server, token.accessToken);
      deviceEvents.dispatchEvent(new Event('renewed'));
    }
  } catch (e) {
    showMessage(`Could not renew the Twilio token: ${e.message} Calls will stop when it expires; sign in again.`);
  }
}

function signOut() {
  // Heard first, while the rest of the page can still tell the server that this device leaves.
  deviceEvents.dispatchEvent(new Event('signout'));
  if (device) {
    device.destroy();
  }
  clearTimeout(registerWatchdog);
  device = null;
  identity = null;
  registered = false;
  useAudio(null);
  endSession();
  showMessage('');
  showReadiness();
  showSignedIn();
  deviceEvents.dispatchEvent(new Event('change'));
}

/** Signed in, the line's fields are locked: tokens are renewed with what they held. */
function showSignedIn() {
  const signedIn = isSignedIn();
  signInButton.hidden = signedIn;
  signOutButton.hidden = !signedIn;
  numberField.disabled = signedIn;
  secretField.disabled = signedIn;
  clientField.disabled = signedIn;
  serverField.disabled = signedIn;
}
