// The Switchboard server: where it is, and the access tokens it issues for a Twilio number.
import { formatNumber } from './numbers.js';

const TOKEN_PATH = '/twilio/retrieve_capability_token';
const REMEMBERED_SERVER = 'switchboard.apiBase';

/** The server's address as typed, without a trailing slash; empty for the server this page came from. */
export function serverAddress(typed) {
  return typed.trim().replace(/\/+$/, '');
}

/** The server signed in to last in this browser, so that a page hosted elsewhere needs it typed once. */
export function rememberedServer() {
  return localStorage.getItem(REMEMBERED_SERVER);
}

export function rememberServer(address) {
  localStorage.setItem(REMEMBERED_SERVER, address);
}

/**
 * The server's answer ({@code accessToken}, {@code identity}) for {@code line}: its {@code twilioNumber},
 * {@code secret} and {@code clientName} (either may be empty) and {@code server} address. A refusal is thrown as an
 * Error whose message says what to do; {@code needsClientName} on it when the number rings several devices and
 * this one's name is missing or wrong.
 */
export async function fetchToken(line) {
  const body = { twilioPhoneNumber: line.twilioNumber };
  if (line.secret) {
    body.secret = line.secret;
  }
  if (line.clientName) {
    body.clientName = line.clientName;
  }
  let response;
  try {
    response = await fetch(line.server + TOKEN_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new Error(`Cannot reach the Switchboard server${line.server ? ' at ' + line.server : ''}. Check the address and your connection.`);
  }
  let answer = {};
  try {
    answer = await response.json();
  } catch (e) {
    // Described below by the status.
  }
  if (response.status === 401) {
    throw new Error(line.secret ? 'Wrong secret for this number.' : 'This number needs its secret.');
  }
  if (response.status === 429) {
    const wait = response.headers.get('Retry-After');
    throw new Error(`Too many attempts: try again in ${wait || 'a few'} seconds.`);
  }
  if (response.status === 400 && /clientName/.test(answer.error || '')) {
    const error = new Error(line.clientName
      ? `"${line.clientName}" is not one of the devices of ${formatNumber(line.twilioNumber)}: check this device's name.`
      : `${formatNumber(line.twilioNumber)} rings several devices: enter this device's name.`);
    error.needsClientName = true;
    throw error;
  }
  if (!response.ok) {
    throw new Error(`The Switchboard server refused the sign-in (${answer.error || 'HTTP ' + response.status}).`);
  }
  if (!answer.success || !answer.accessToken) {
    throw new Error(`${formatNumber(line.twilioNumber)} is not registered on this Switchboard server.`);
  }
  return answer;
}

/** The server and access token that the browser's API (/api/…) is called with: set at each sign-in and renewal. */
let session = { server: '', token: null };

export function useSession(server, token) {
  session = { server, token };
}

export function endSession() {
  session = { server: '', token: null };
}

/** The server this session's API is on ('' for this page's), to build the URLs of its streams. */
export const sessionServer = () => session.server;

/**
 * The JSON answer of the browser's API at {@code path} ({@code options} as fetch's: GET unless they say), null for
 * 204. A refusal or a network failure is thrown as an Error whose message says what went wrong.
 */
export async function callApi(path, options = {}) {
  if (!session.token) {
    throw new Error('signed out');
  }
  let response;
  try {
    response = await fetch(session.server + path, {
      ...options,
      headers: { ...options.headers, Authorization: `Bearer ${session.token}` },
    });
  } catch (e) {
    throw new Error('the Switchboard server cannot be reached');
  }
  if (!response.ok) {
    let reason = `HTTP ${response.status}`;
    try {
      reason = (await response.json()).error || reason;
    } catch (e) {
      // The status says it.
    }
    throw new Error(reason);
  }
  return response.status === 204 ? null : response.json();
}
