// The service worker of the pages that must open with no connection (the field visit page): it is
// served from the folder of those pages, so its scope is that folder and nothing else.
//
// Network first, always: with a connection every page and static file comes from the server
// (and a copy is kept on the phone); without one, the kept copy answers, so a grid worker in a
// corridor can reload the page and go on queueing visits (core/offline-queue.js keeps them).
// When the server answers a page with a redirect (the session ended) or the person signs out
// (core/offline-pages.js), the copies are deleted: a signed-out phone keeps no staff page.
"use strict";

var CACHE = "shiliu-offline-pages";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function keep(request, response) {
  var copy = response.clone();
  return caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
}

// From the server, a copy kept; without a connection, the kept copy. A page answered by a
// redirect or a refusal (the session ended) deletes every kept copy instead.
function fromNetwork(event, isPage) {
  return fetch(event.request).then(function (response) {
    if (isPage && (response.type === "opaqueredirect" || response.redirected ||
                   response.status === 401 || response.status === 403)) {
      event.waitUntil(caches.delete(CACHE));
    } else if (response.ok) {
      event.waitUntil(keep(event.request, response));
    }
    return response;
  }, function () {
    return caches.match(event.request, { cacheName: CACHE }).then(function (kept) {
      return kept || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    if (url.pathname.indexOf(new URL(self.registration.scope).pathname) === 0) {
      event.respondWith(fromNetwork(event, true));
    }
  } else if (request.destination === "script" || request.destination === "style" ||
             request.destination === "font" || request.destination === "image") {
    event.respondWith(fromNetwork(event, false));
  }
});
