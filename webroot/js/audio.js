// Microphone and speaker: the choice among the signed-in Device's audio devices, the level meter, and the
// microphone test, which works signed out too.
import { byId, describe, showMessage } from './ui.js';

const MIC_TEST_MS = 5000;

const microphone = byId('microphone');
const speaker = byId('speaker');
const level = byId('level');
const testButton = byId('test-microphone');

/** The signed-in Device's audio helper (Twilio's AudioHelper), or null when signed out. */
let audio = null;

export function startAudio() {
  microphone.addEventListener('change', () => choose(microphone, 'microphone', (id) => audio.setInputDevice(id)));
  speaker.addEventListener('change',
    () => choose(speaker, 'speaker', (id) => audio.isOutputSelectionSupported && audio.speakerDevices.set(id)));
  testButton.addEventListener('click', testMicrophone);
}

/** Lists the devices of {@code deviceAudio}, a new Device's audio helper, and follows their changes; null: none. */
export function useAudio(deviceAudio) {
  audio = deviceAudio || null;
  if (audio) {
    audio.on('deviceChange', listDevices);
    listDevices();
  }
}

/** The microphone's level, from 0 to 1. */
export function showLevel(value) {
  level.value = Math.min(1, value);
}

export function microphoneRefused() {
  showMessage('Microphone access was refused: allow the microphone for this site in the browser\'s settings, '
    + 'then try again. Calls need it.');
}

function listDevices() {
  if (!audio) {
    return;
  }
  const current = audio.inputDevice && audio.inputDevice.deviceId;
  fillSelect(microphone, audio.availableInputDevices, current, 'Microphone');
  if (audio.isOutputSelectionSupported) {
    const speakers = Array.from(audio.speakerDevices.get());
    fillSelect(speaker, audio.availableOutputDevices, speakers[0] && speakers[0].deviceId, 'Speaker');
  } else {
    speaker.replaceChildren(new Option('The browser\'s default (this browser cannot choose)'));
    speaker.disabled = true;
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

/** Puts the chosen device in use through {@code apply(deviceId)}; a refusal is said, not thrown. */
function choose(select, noun, apply) {
  if (audio) {
    Promise.resolve(apply(select.value)).catch((error) => {
      showMessage(`That ${noun} cannot be used: ${describe(error)}.`);
    });
  }
}

async function testMicrophone() {
  showMessage('');
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    showMessage('This browser cannot use a microphone here: open the page over https (or on localhost).');
    return;
  }
  let stream;
  try {
    const chosen = microphone.disabled ? undefined : microphone.value;
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
  testButton.disabled = true;
  const meter = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    const rms = Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
    showLevel(rms * 4);
  }, 100);
  setTimeout(() => {
    clearInterval(meter);
    stream.getTracks().forEach((track) => track.stop());
    context.close();
    showLevel(0);
    testButton.disabled = false;
    listDevices();
  }, MIC_TEST_MS);
}
