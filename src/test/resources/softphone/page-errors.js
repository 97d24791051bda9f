// Loaded by the browser tests before the page's scripts: keeps every uncaught error and unhandled rejection.
(() => {
  window.pageErrors = [];
  window.addEventListener('error', (event) => window.pageErrors.push(String(event.message)));
  window.addEventListener('unhandledrejection', (event) => window.pageErrors.push('unhandled rejection: '
    + String(event.reason && (event.reason.message || event.reason))));
})();
