// TEST DOUBLE, loaded only by the browser tests, before the page's scripts: it stands in for the network side of
// the Twilio Voice SDK's Device (signalling to Twilio, media to the other party), which these machines cannot reach.
// Everything in the page, the browser (microphone permission included) and the Switchboard server is real.
// The real SDK, loaded next, keeps an existing Twilio.Device. The tests drive it through window.twilioTestDouble.
(() => {
  'use strict';

  class Emitter {
    constructor() { this.listeners = {}; }
    on(event, listener) { (this.listeners[event] = this.listeners[event] || []).push(listener); return this; }
    off(event, listener) { this.listeners[event] = (this.listeners[event] || []).filter((l) => l !== listener); return this; }
    emit(event, ...args) { (this.listeners[event] || []).slice().forEach((listener) => listener(...args)); }
  }

  class CallTestDouble extends Emitter {
    constructor(direction, parameters) {
      super();
      this.direction = direction;
      this.parameters = parameters;
      this.customParameters = new Map();
      this.state = direction === 'OUTGOING' ? 'connecting' : 'pending';
      this.muted = false;
      this.digits = '';
    }
    status() { return this.state; }
    accept() { this.state = 'open'; this.emit('accept', this); }
    reject() { this.state = 'closed'; this.emit('reject'); }
    ignore() { this.state = 'closed'; }
    disconnect() {
      if (this.state !== 'closed') {
        this.state = 'closed';
        this.emit('disconnect', this);
      }
    }
    mute(shouldMute = true) { this.muted = shouldMute; this.emit('mute', shouldMute, this); }
    isMuted() { return this.muted; }
    sendDigits(digits) { this.digits += digits; }
  }

  const inputs = new Map([
    ['default', { deviceId: 'default', label: 'Test double microphone', kind: 'audioinput' }],
    ['headset-mic', { deviceId: 'headset-mic', label: 'Test double headset microphone', kind: 'audioinput' }]]);
  const outputs = new Map([
    ['default', { deviceId: 'default', label: 'Test double speaker', kind: 'audiooutput' }],
    ['headset', { deviceId: 'headset', label: 'Test double headset', kind: 'audiooutput' }]]);

  class DeviceTestDouble extends Emitter {
    constructor(token, options) {
      super();
      this.token = token;
      this.options = options;
      this.tokens = [token];
      this.state = 'unregistered';
      this.calls = [];
      this.destroyed = false;
      const audio = new Emitter();
      Object.assign(audio, {
        availableInputDevices: inputs,
        availableOutputDevices: outputs,
        inputDevice: inputs.get('default'),
        isOutputSelectionSupported: true,
        speaker: 'default',
        speakerDevices: { get: () => new Set([outputs.get(audio.speaker)]), set: async (id) => { audio.speaker = id; } },
        setInputDevice: async (id) => { audio.inputDevice = inputs.get(id); },
      });
      this.audio = audio;
      double.devices.push(this);
    }
    async register() {
      this.emit('registering');
      if (double.registration === 'refuse-token') {
        this.emit('error', { code: 20101, message: 'AccessTokenInvalid' });
        return;
      }
      this.state = 'registered';
      this.emit('registered');
    }
    async unregister() { this.state = 'unregistered'; this.emit('unregistered'); }
    /** Like the SDK, a call first asks the browser for the microphone; a refusal is the SDK's error 31401. */
    async connect({ params }) {
      const call = new CallTestDouble('OUTGOING', { To: params.To });
      call.connectParams = params;
      this.calls.push(call);
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        stream.getTracks().forEach((track) => track.stop());
      } catch (e) {
        setTimeout(() => {
          call.state = 'closed';
          call.emit('error', { code: 31401, message: 'UserMediaPermissionDeniedError' });
        });
        return call;
      }
      setTimeout(() => call.emit('ringing', true));
      return call;
    }
    updateToken(token) { this.token = token; this.tokens.push(token); }
    destroy() { this.destroyed = true; this.state = 'destroyed'; this.emit('destroyed'); }
  }

  const double = {
    devices: [],
    registration: 'succeed',
    device() { return this.devices[this.devices.length - 1]; },
    lastCall() { const calls = this.device().calls; return calls[calls.length - 1]; },
    /** The other party picks up the call the page placed. */
    answerOutgoing() { this.lastCall().accept(); },
    /** The other party hangs up. */
    remoteHangUp() { this.lastCall().disconnect(); },
    /** Twilio rings this browser for a call from {@code from}. */
    incoming(from) {
      const call = new CallTestDouble('INCOMING', { From: from, CallSid: 'CA' + Date.now() });
      this.device().calls.push(call);
      this.device().emit('incoming', call);
      return call;
    },
    /** The caller gives up before the page answers. */
    callerCancels() { const call = this.lastCall(); call.state = 'closed'; call.emit('cancel'); },
    tokenWillExpire() { this.device().emit('tokenWillExpire', this.device()); },
  };

  window.twilioTestDouble = double;
  window.Twilio = { Device: DeviceTestDouble };
})();
