// Phone numbers through libphonenumber-js, a classic script that sets window.libphonenumber: when it did not load,
// numbers are taken as typed and only client names and E.164 the server accepts get through.

const library = () => window.libphonenumber;

/** A number in the international format, or as given when it is no phone number. */
export function formatNumber(number) {
  const parsed = library() && library().parsePhoneNumberFromString(String(number || ''));
  return parsed ? parsed.formatInternational() : String(number || '');
}

/** Who is at the other end of a call, as the lists show it: a number formatted, a browser client by its name. */
export function partyName(party) {
  if (!party || /^(anonymous|restricted|unknown)$/i.test(party)) {
    return 'Unknown caller';
  }
  return party.startsWith('client:') ? party.slice('client:'.length) : formatNumber(party);
}

/**
 * The Twilio number typed at sign-in: E.164 when it is a valid number (else as typed), and its country, in which
 * the numbers dialled in a national format are read.
 */
export function lineNumber(typed) {
  const parsed = library() && library().parsePhoneNumberFromString(typed);
  return { number: parsed && parsed.isValid() ? parsed.number : typed, country: parsed ? parsed.country : undefined };
}

/** What the person typed, as the destination the server takes: E.164, client:name, or nothing valid yet. */
export function destination(text, country) {
  const value = text.trim();
  if (/^client:[A-Za-z0-9_.@-]{1,128}$/.test(value)) {
    return { valid: true, target: value, label: `browser client ${value.slice('client:'.length)}` };
  }
  if (/^[A-Za-z][A-Za-z0-9_.@-]{0,127}$/.test(value)) {
    return { valid: true, target: value, label: `browser client ${value}` };
  }
  const parsed = library() && library().parsePhoneNumberFromString(value, country);
  if (parsed && parsed.isValid()) {
    return { valid: true, target: parsed.number, label: parsed.formatInternational() };
  }
  return { valid: false, target: null, label: null };
}

/** Digits being typed, formatted as they come ("0905" becomes "090-5"); anything else is left as it is. */
export function formatAsTyped(value, country) {
  if (!library() || !/^[+0-9 ()-]*$/.test(value)) {
    return value;
  }
  return new (library().AsYouType)(country).input(value);
}
