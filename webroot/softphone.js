// The Switchboard softphone: signs in with a Twilio number, registers a Twilio.Device (Voice JavaScript SDK 2.x)
// with the access token from POST /twilio/retrieve_capability_token, and makes and takes calls.
(() => {
  'use strict';

  const TOKEN_PATH = '/twilio/retrieve_capability_token';
  /** Past this without registering, the page says Twilio cannot be reached instead of waiting in silence. */
  const REGISTER_TIMEOUT_MS = 15000;
  /** How long before the token expires the SDK asks for a new one. */
  const TOKEN_REFRESH_MS = 60000;
  const MIC_TEST_MS = 5000;
  const TOKEN_ERRORS = new Set([20101, 20102, 20103, 20104, 20105, 20106, 20107, 20157, 31202, 31204, 31205, 31207]);
  const NETWORK_ERRORS = new Set([31000, 31003, 31005, 31009, 53000, 53001, 53405]);
  const MIC_ERRORS = new Set([31401, 31402, 31208]);

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'), message: $('message'), signIn: $('sign-in'), number: $('twilio-number'), secret: $('secret'),
    apiBase: $('api-base'), connect: $('connect'), signOut: $('sign-out'), dial: $('dial'), phone: $('phone-number'),
    phoneHint: $('phone-number-hint'), pad: $('dial-pad'), call: $('call'), hangup: $('hangup'), mute: $('mute'),
    timer: $('call-timer'), incoming: $('incoming'), incomingFrom: $('incoming-from'), accept: $('accept'),
    reject: $('reject'), microphone: $('microphone'), speaker: $('speaker'), level: $('level'),
    testMicrophone: $('test-microphone'), log: document.querySelector('#call-log tbody'), logEmpty: $('call-log-empty'),
  };

  const session = {
    device: null, identity: null, twilioNumber: null, country: undefined, registered: false, registerWatchdog: null,
    call: null, pending: null, record: null, timer: null,
  };
  const pageTitle = document.title;

  // ---- State shown to the person ----------------------------------------------------------------------------------

  function setStatus(text, kind) {
    ui.status.textContent = text;
    ui.status.dataset.kind = kind;
  }

  function showMessage(text) {
    ui.message.textContent = text;
    ui.message.hidden = !text;
  }

  function readyStatus() {
    if (!session.device) {
      setStatus('Signed out: enter your Twilio number to start.', 'idle');
    } else if (session.registered) {
      setStatus(`Ready: calls to ${formatNumber(session.twilioNumber)} ring here (${session.identity}).`, 'ready');
    } else {
      setStatus('Connecting to Twilio…', 'busy');
    }
  }

  function refreshControls() {
    const signedIn = Boolean(session.device);
    const inCall = Boolean(session.call);
    ui.connect.hidden = signedIn;
    ui.signOut.hidden = !signedIn;
    ui.number.disabled = signedIn;
    ui.secret.disabled = signedIn;
    ui.apiBase.disabled = signedIn;
    ui.call.disabled = !signedIn || inCall || Boolean(session.pending);
    ui.hangup.disabled = !inCall;
    ui.mute.disabled = !inCall;
    if (!inCall) {
      ui.mute.setAttribute('aria-pressed', 'false');
    }
  }

  // ---- Numbers ------------------------------------------------------------------------------------------------------

  const phoneNumbers = () => window.libphonenumber;

  function formatNumber(number) {
    const parsed = phoneNumbers() && phoneNumbers().parsePhoneNumberFromString(String(number || ''));
    return parsed ? parsed.formatInternational() : String(number || '');
  }

  /** What the person typed, as the destination the server takes: E.164, client:name, or nothing valid yet. */
  function destination(text) {
    const value = text.trim();
    if (/^client:[A-Za-z0-9_.@-]{1,128}$/.test(value)) {
      return { valid: true, target: value, label: `browser client ${value.slice('client:'.length)}` };
    }
    if (/^[A-Za-z][A-Za-z0-9_.@-]{0,127}$/.test(value)) {
      return { valid: true, target: value, label: `browser client ${value}` };
    }
    const parsed = phoneNumbers() && phoneNumbers().parsePhoneNumberFromString(value, session.country);
    if (parsed && parsed.isValid()) {
      return { valid: true, target: parsed.number, label: parsed.formatInternational() };
    }
    return { valid: false, target: null, label: null };
  }

  function onPhoneInput(event) {
    const field = ui.phone;
    const typing = event && (event.inputType === 'insertText' || event.inputType === 'insertFromPaste');
    const atEnd = field.selectionStart === field.value.length;
    if (typing && atEnd && phoneNumbers() && /^[+0-9 ()-]*$/.test(field.value)) {
      field.value = new (phoneNumbers().AsYouType)(session.country).input(field.value);
    }
    const value = field.value.trim();
    const parsed = destination(value);
    if (!value) {
      field.removeAttribute('aria-invalid');
      ui.phoneHint.textContent = 'A phone number, or client:name for another browser.';
    } else if (parsed.valid) {
      field.setAttribute('aria-invalid', 'false');
      ui.phoneHint.textContent = `Will call ${parsed.label}.`;
    } else {
      field.setAttribute('aria-invalid', 'true');
      ui.phoneHint.textContent = 'Not a valid number yet: include the country code, e.g. +81 90 5987 6543.';
    }
  }

  // ---- The Switchboard server ---------------------------------------------------------------------------------------

  function apiBase() {
    return ui.apiBase.value.trim().replace(/\/+$/, '');
  }

  async function fetchToken() {
    const body = { twilioPhoneNumber: session.twilioNumber };
    if (ui.secret.value) {
      body.secret = ui.secret.value;
    }
    let response;
    try {
      response = await fetch(apiBase() + TOKEN_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (e) {
      throw new Error(`Cannot reach the Switchboard server${apiBase() ? ' at ' + apiBase() : ''}. Check the address and your connection.`);
    }
    let answer = {};
    try {
      answer = await response.json();
    } catch (e) {
      // Described below by the status.
    }
    if (response.status === 401) {
      throw new Error(ui.secret.value ? 'Wrong secret for this number.' : 'This number needs its secret.');
    }
    if (response.status === 429) {
      const wait = response.headers.get('Retry-After');
      throw new Error(`Too many attempts: try again in ${wait || 'a few'} seconds.`);
    }
    if (!response.ok) {
      throw new Error(`The Switchboard server refused the sign-in (${answer.error || 'HTTP ' + response.status}).`);
    }
    if (!answer.success || !answer.accessToken) {
      throw new Error(`${formatNumber(session.twilioNumber)} is not registered on this Switchboard server.`);
    }
    return answer;
  }

  // ---- Signing in and the Device ------------------------------------------------------------------------------------

  async function signIn(event) {
    event.preventDefault();
    showMessage('');
    if (!window.Twilio || !window.Twilio.Device) {
      showMessage('The Twilio Voice SDK did not load: reload the page.');
      return;
    }
    const typed = ui.number.value.trim();
    const parsed = phoneNumbers() && phoneNumbers().parsePhoneNumberFromString(typed);
    session.twilioNumber = parsed && parsed.isValid() ? parsed.number : typed;
    session.country = parsed ? parsed.country : undefined;
    if (!typed) {
      ui.number.setAttribute('aria-invalid', 'true');
      ui.number.focus();
      return;
    }
    localStorage.setItem('switchboard.apiBase', apiBase());
    askForNotifications();
    setStatus('Signing in…', 'busy');
    ui.connect.disabled = true;
    try {
      const token = await fetchToken();
      session.identity = token.identity;
      startDevice(token.accessToken);
    } catch (e) {
      setStatus('Signed out: the sign-in failed.', 'error');
      showMessage(e.message);
    } finally {
      ui.connect.disabled = false;
      refreshControls();
    }
  }

  function startDevice(accessToken) {
    const device = new window.Twilio.Device(accessToken, {
      closeProtection: true,
      codecPreferences: ['opus', 'pcmu'],
      tokenRefreshMs: TOKEN_REFRESH_MS,
      logLevel: 'warn',
    });
    session.device = device;
    session.registered = false;
    device.on('registering', () => setStatus('Connecting to Twilio…', 'busy'));
    device.on('registered', () => {
      session.registered = true;
      clearTimeout(session.registerWatchdog);
      showMessage('');
      if (!session.call) {
        readyStatus();
      }
    });
    device.on('unregistered', () => {
      session.registered = false;
      if (session.device === device && !session.call) {
        setStatus('Not receiving calls: signed out of Twilio.', 'error');
      }
    });
    device.on('error', (error) => deviceError(error));
    device.on('incoming', (call) => incoming(call));
    device.on('tokenWillExpire', () => renewToken(device));
    if (device.audio) {
      device.audio.on('deviceChange', refreshAudioDevices);
    }
    readyStatus();
    refreshAudioDevices();
    session.registerWatchdog = setTimeout(() => {
      if (session.device === device && !session.registered) {
        setStatus('Offline: cannot reach Twilio.', 'error');
        showMessage('Twilio could not be reached: no calls can ring here. Check the network (a firewall may block '
          + 'Twilio), then sign out and in again.');
      }
    }, REGISTER_TIMEOUT_MS);
    Promise.resolve(device.register()).catch((error) => deviceError(error));
  }

  async function renewToken(device) {
    try {
      const token = await fetchToken();
      if (session.device === device) {
        device.updateToken(token.accessToken);
      }
    } catch (e) {
      showMessage(`Could not renew the Twilio token: ${e.message} Calls will stop when it expires; sign in again.`);
    }
  }

  function deviceError(error) {
    const code = error && error.code;
    if (TOKEN_ERRORS.has(code)) {
      setStatus('Offline: Twilio refused the token.', 'error');
      showMessage('Twilio refused or expired the token: check the server\'s Twilio account, API key and TwiML App, '
        + 'then sign in again.');
    } else if (MIC_ERRORS.has(code)) {
      microphoneRefused();
    } else if (NETWORK_ERRORS.has(code) || !session.registered) {
      clearTimeout(session.registerWatchdog);
      setStatus('Offline: cannot reach Twilio.', 'error');
      showMessage(`Twilio could not be reached (${describe(error)}). Check the network, then sign out and in again.`);
    } else {
      showMessage(`Twilio reported a problem: ${describe(error)}.`);
    }
  }

  function describe(error) {
    if (!error) {
      return 'unknown error';
    }
    return [error.code, error.message || error.description].filter(Boolean).join(' ');
  }

  function signOut() {
    if (session.device) {
      session.device.destroy();
    }
    clearTimeout(session.registerWatchdog);
    Object.assign(session, { device: null, identity: null, registered: false, call: null, pending: null });
    stopTimer();
    hideIncoming();
    showMessage('');
    readyStatus();
    refreshControls();
  }

  // ---- Calls --------------------------------------------------------------------------------------------------------

  async function placeCall(event) {
    event.preventDefault();
    showMessage('');
    const parsed = destination(ui.phone.value);
    if (!parsed.valid) {
      ui.phone.setAttribute('aria-invalid', 'true');
      showMessage('Enter a valid phone number with its country code, or client:name.');
      ui.phone.focus();
      return;
    }
    const record = newRecord('Outgoing', parsed.label);
    setStatus(`Calling ${parsed.label}…`, 'busy');
    let call;
    try {
      call = await session.device.connect({ params: { To: parsed.target } });
    } catch (error) {
      finish(record, 'Failed');
      deviceError(error);
      return;
    }
    follow(call, record);
    call.on('ringing', () => setStatus(`Ringing ${parsed.label}…`, 'busy'));
  }

  /** Shows and logs a call from the moment it exists to its end, whichever side ends it. */
  function follow(call, record) {
    session.call = call;
    session.record = record;
    refreshControls();
    call.on('accept', () => {
      record.answeredAt = Date.now();
      setStatus(`In call with ${record.number}`, 'busy');
      startTimer();
    });
    call.on('disconnect', () => ended(call, record.answeredAt ? 'Answered' : 'No answer'));
    call.on('cancel', () => ended(call, 'Cancelled'));
    call.on('reject', () => ended(call, 'Declined'));
    call.on('error', (error) => {
      deviceError(error);
      ended(call, 'Failed');
    });
    // A toggle keeps its name; aria-pressed (and its style) say whether it is on.
    call.on('mute', (muted) => ui.mute.setAttribute('aria-pressed', String(muted)));
    call.on('volume', (input) => {
      ui.level.value = Math.min(1, input);
    });
  }

  function ended(call, outcome) {
    if (session.call !== call) {
      return;
    }
    finish(session.record, outcome);
    session.call = null;
    session.record = null;
    stopTimer();
    ui.level.value = 0;
    refreshControls();
    readyStatus();
  }

  function hangUp() {
    if (session.call) {
      session.call.disconnect();
    }
  }

  function toggleMute() {
    if (session.call) {
      session.call.mute(!session.call.isMuted());
    }
  }

  function pressKey(digit) {
    if (session.call) {
      session.call.sendDigits(digit);
      setStatus(`In call with ${session.record.number}: sent ${digit}`, 'busy');
    } else {
      ui.phone.value += digit;
      onPhoneInput();
      ui.phone.focus();
    }
  }

  // ---- Incoming calls -----------------------------------------------------------------------------------------------

  function incoming(call) {
    const from = formatNumber(call.parameters && call.parameters.From);
    if (session.call || session.pending) {
      call.reject();
      logCall(newRecord('Incoming', from), 'Missed (busy)');
      return;
    }
    session.pending = { call, record: newRecord('Incoming', from) };
    ui.incomingFrom.textContent = from || 'Unknown caller';
    ui.incoming.hidden = false;
    ui.accept.focus();
    setStatus(`Incoming call from ${from}`, 'busy');
    document.title = `Incoming call from ${from} – ${pageTitle}`;
    notify(from);
    refreshControls();
    const missed = (outcome) => () => {
      if (session.pending && session.pending.call === call) {
        finish(session.pending.record, outcome);
        session.pending = null;
        hideIncoming();
        readyStatus();
        refreshControls();
      }
    };
    call.on('cancel', missed('Missed'));
    call.on('disconnect', missed('Missed'));
    call.on('error', (error) => {
      deviceError(error);
      missed('Failed')();
    });
  }

  /** The call that was ringing, taken out of the banner to be answered or declined. */
  function takePending() {
    const pending = session.pending;
    session.pending = null;
    hideIncoming();
    return pending;
  }

  function acceptIncoming() {
    const pending = takePending();
    if (pending) {
      follow(pending.call, pending.record);
      pending.call.accept();
    }
  }

  function rejectIncoming() {
    const pending = takePending();
    if (pending) {
      pending.call.reject();
      finish(pending.record, 'Declined');
      readyStatus();
      refreshControls();
    }
  }

  function hideIncoming() {
    ui.incoming.hidden = true;
    document.title = pageTitle;
  }

  function askForNotifications() {
    if ('Notification' in window && Notification.permission === 'default') {
      Notification.requestPermission().catch(() => {});
    }
  }

  /** A tab in the background still rings; a notification also tells a person looking at another window. */
  function notify(from) {
    if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
      const notification = new Notification('Incoming call', { body: from, tag: 'switchboard-incoming' });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
    }
  }

  // ---- Call timer and log -------------------------------------------------------------------------------------------

  function startTimer() {
    stopTimer();
    const started = Date.now();
    session.timer = setInterval(() => {
      ui.timer.value = clock(Date.now() - started);
    }, 500);
  }

  function stopTimer() {
    clearInterval(session.timer);
    session.timer = null;
    ui.timer.value = '00:00';
  }

  function clock(millis) {
    const seconds = Math.floor(millis / 1000);
    const pad = (n) => String(n).padStart(2, '0');
    return seconds >= 3600
      ? `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`
      : `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
  }

  function newRecord(direction, number) {
    return { direction, number, startedAt: Date.now(), answeredAt: null };
  }

  function finish(record, outcome) {
    if (record && !record.outcome) {
      logCall(record, outcome);
    }
  }

  function logCall(record, outcome) {
    record.outcome = outcome;
    record.duration = record.answeredAt ? clock(Date.now() - record.answeredAt) : '—';
    const row = document.createElement('tr');
    for (const text of [record.direction, record.number, record.duration, outcome]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.appendChild(cell);
    }
    ui.log.prepend(row);
    ui.logEmpty.hidden = true;
  }

  // ---- Audio --------------------------------------------------------------------------------------------------------

  function refreshAudioDevices() {
    const audio = session.device && session.device.audio;
    if (!audio) {
      return;
    }
    const current = audio.inputDevice && audio.inputDevice.deviceId;
    fillSelect(ui.microphone, audio.availableInputDevices, current, 'Microphone');
    if (audio.isOutputSelectionSupported) {
      const speakers = Array.from(audio.speakerDevices.get());
      fillSelect(ui.speaker, audio.availableOutputDevices, speakers[0] && speakers[0].deviceId, 'Speaker');
    } else {
      ui.speaker.replaceChildren(new Option('The browser\'s default (this browser cannot choose)'));
      ui.speaker.disabled = true;
    }
  }

  function fillSelect(select, devices, selectedId, noun) {
    const options = [];
    let index = 1;
    (devices || new Map()).forEach((info, id) => {
      options.push(new Option(info.label || `${noun} ${index}`, id, false, id === selectedId));
      index += 1;
    });
    if (options.length === 0) {
      options.push(new Option(`No ${noun.toLowerCase()} found`));
    }
    select.replaceChildren(...options);
    select.disabled = options.length === 0 || !devices || devices.size === 0;
  }

  /** Puts the chosen device in use through {@code apply(audio, deviceId)}; a refusal is said, not thrown. */
  function chooseAudioDevice(select, noun, apply) {
    const audio = session.device && session.device.audio;
    if (audio) {
      Promise.resolve(apply(audio, select.value)).catch((error) => {
        showMessage(`That ${noun} cannot be used: ${describe(error)}.`);
      });
    }
  }

  function microphoneRefused() {
    showMessage('Microphone access was refused: allow the microphone for this site in the browser\'s settings, '
      + 'then try again. Calls need it.');
  }

  async function testMicrophone() {
    showMessage('');
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      showMessage('This browser cannot use a microphone here: open the page over https (or on localhost).');
      return;
    }
    let stream;
    try {
      const chosen = ui.microphone.disabled ? undefined : ui.microphone.value;
      stream = await navigator.mediaDevices.getUserMedia({ audio: chosen ? { deviceId: chosen } : true });
    } catch (error) {
      if (error && (error.name === 'NotAllowedError' || error.name === 'SecurityError')) {
        microphoneRefused();
      } else if (error && error.name === 'NotFoundError') {
        showMessage('No microphone was found: plug one in and try again.');
      } else {
        showMessage(`The microphone could not be opened: ${error && error.message}.`);
      }
      return;
    }
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    ui.testMicrophone.disabled = true;
    const meter = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const rms = Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
      ui.level.value = Math.min(1, rms * 4);
    }, 100);
    setTimeout(() => {
      clearInterval(meter);
      stream.getTracks().forEach((track) => track.stop());
      context.close();
      ui.level.value = 0;
      ui.testMicrophone.disabled = false;
      refreshAudioDevices();
    }, MIC_TEST_MS);
  }

  // ---- Wiring -------------------------------------------------------------------------------------------------------

  const params = new URLSearchParams(window.location.search);
  ui.apiBase.value = params.get('api') || localStorage.getItem('switchboard.apiBase') || '';
  ui.number.value = params.get('number') || '';
  ui.signIn.addEventListener('submit', signIn);
  ui.signOut.addEventListener('click', signOut);
  ui.dial.addEventListener('submit', placeCall);
  ui.phone.addEventListener('input', onPhoneInput);
  ui.phone.addEventListener('blur', () => {
    const parsed = destination(ui.phone.value);
    if (parsed.valid && parsed.target.startsWith('+')) {
      ui.phone.value = parsed.label;
    }
  });
  ui.pad.addEventListener('click', (event) => {
    const key = event.target.closest('button[data-digit]');
    if (key) {
      pressKey(key.dataset.digit);
    }
  });
  document.addEventListener('keydown', (event) => {
    const typingInAField = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    if (session.call && !typingInAField && /^[0-9*#]$/.test(event.key)) {
      pressKey(event.key);
    }
  });
  ui.hangup.addEventListener('click', hangUp);
  ui.mute.addEventListener('click', toggleMute);
  ui.accept.addEventListener('click', acceptIncoming);
  ui.reject.addEventListener('click', rejectIncoming);
  ui.microphone.addEventListener('change',
    () => chooseAudioDevice(ui.microphone, 'microphone', (audio, id) => audio.setInputDevice(id)));
  ui.speaker.addEventListener('change', () => chooseAudioDevice(ui.speaker, 'speaker',
    (audio, id) => audio.isOutputSelectionSupported && audio.speakerDevices.set(id)));
  ui.testMicrophone.addEventListener('click', testMicrophone);
  if (!window.Twilio || !window.Twilio.Device) {
    setStatus('Unavailable: the Twilio Voice SDK did not load.', 'error');
  }
  refreshControls();
})();
