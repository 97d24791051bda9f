// Loaded by the browser test of the real SDK, before the page's scripts: lets the real Twilio.Device through, and
// only records the token each one is constructed with. The SDK keeps a Twilio.Device that is already set; this
// one is set, once, by the SDK itself.
(() => {
  window.deviceTokens = [];
  let spied;
  window.Twilio = {};
  Object.defineProperty(window.Twilio, 'Device', {
    configurable: true,
    enumerable: true,
    get: () => spied,
    set: (real) => {
      spied = class extends real {
        constructor(token, options) {
          window.deviceTokens.push(token);
          super(token, options);
        }
      };
    },
  });
})();
