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
 * {@code secret} (may be empty) and {@code server} address. A refusal is thrown as an Error whose message says
 * what to do.
 */
export async function fetchToken(line) {
  const body = { twilioPhoneNumber: line.twilioNumber };
  if (line.secret) {
    body.secret = line.secret;
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
  if (!response.ok) {
    throw new Error(`The Switchboard server refused the sign-in (${answer.error || 'HTTP ' + response.status}).`);
  }
  if (!answer.success || !answer.accessToken) {
    throw new Error(`${formatNumber(line.twilioNumber)} is not registered on this Switchboard server.`);
  }
  return answer;
}
