// On every signed-in page. A page that must open with no connection names its service worker:
// <html data-offline-worker="/zh-hans/cases/field/offline-worker.js"> (core/offline-worker.js,
// served from that page's folder). Signing out deletes the pages the worker kept on the phone,
// before the sign-out form is sent. Visits still waiting in the queue stay: they are unsent work.
(function () {
  "use strict";
  var CACHE = "shiliu-offline-pages";
  var worker = document.documentElement.dataset.offlineWorker;
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker).catch(function () { /* the page still works online */ });
  }
  if (!("caches" in window)) { return; }
  var forms = document.querySelectorAll("form[data-sign-out]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared) { return; }
      event.preventDefault();
      var send = function () {
        if (form.dataset.cleared) { return; }
        form.dataset.cleared = "1";
        form.submit();
      };
      window.setTimeout(send, 1000);  // never keep anyone from signing out
      window.caches.delete(CACHE).then(send, send);
    });
  });
})();
