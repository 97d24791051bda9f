// The Switchboard softphone: signs in with a Twilio number, registers a Twilio.Device (Voice JavaScript SDK 2.x)
// with the access token from POST /twilio/retrieve_capability_token, and makes and takes calls. Each module owns
// its part of the page and of its state; this one starts them.
import { startAudio } from './audio.js';
import { startCalls } from './calls.js';
import { startDialer } from './dialer.js';
import { startSignIn } from './device.js';
import { startEvents } from './events.js';
import { startHistory } from './history.js';
import { startVoicemail } from './voicemail.js';

startSignIn();
startCalls();
startDialer();
startAudio();
startHistory();
startVoicemail();
startEvents();
