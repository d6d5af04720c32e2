// A form that still works without a connection: <form data-offline-queue="visits" ...>.
//
// On submit the form's fields are put in a queue kept on the device (localStorage, one list per
// queue name), each entry with an idempotency key made on the device (a UUID, sent as the field
// named by data-key-field, default "idempotency_key"). The queue is then sent in order, one POST
// per entry (Accept: application/json, the page's CSRF token), now and whenever the connection
// comes back, after a reload too. The server answers 2xx for a stored entry, also for one it had
// already stored under the same key: so a resent entry is never doubled, and an entry leaves the
// queue only once the server has it. A 4xx answer (the entry itself is refused) keeps it on the
// device, marked with the server's message, until the person discards it.
//
// The queue's state is written into [data-queue-status] inside or beside the form, from the
// form's translated templates: data-msg-empty, data-msg-one, data-msg-many ("{n}" is the count),
// data-msg-saved (after a submit), data-msg-refused. data-offline-summary="field,field" names the
// fields shown for each waiting entry (a select shows its option's text). A [data-queue-send]
// button in the form sends the queue at once.
(function () {
  "use strict";

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function OfflineQueue(form) {
    this.form = form;
    this.name = "shiliu-offline-queue:" + form.dataset.offlineQueue;
    this.keyField = form.dataset.keyField || "idempotency_key";
    this.status = form.querySelector("[data-queue-status]") ||
      document.querySelector("[data-queue-status='" + form.dataset.offlineQueue + "']");
    this.list = document.querySelector("[data-queue-list='" + form.dataset.offlineQueue + "']");
    this.sending = false;
  }

  OfflineQueue.prototype.load = function () {
    try {
      return JSON.parse(window.localStorage.getItem(this.name) || "[]");
    } catch (error) {
      return [];
    }
  };

  OfflineQueue.prototype.store = function (entries) {
    window.localStorage.setItem(this.name, JSON.stringify(entries));
  };

  OfflineQueue.prototype.summary = function () {
    var form = this.form;
    return (form.dataset.offlineSummary || "").split(",").filter(Boolean).map(function (name) {
      var field = form.elements.namedItem(name);
      if (!field) { return ""; }
      if (field.tagName === "SELECT") {
        return field.selectedIndex >= 0 ? field.options[field.selectedIndex].text : "";
      }
      return field.value || "";
    }).filter(Boolean).join(" · ");
  };

  OfflineQueue.prototype.add = function () {
    var fields = {};
    new FormData(this.form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") { fields[name] = value; }
    });
    fields[this.keyField] = uuid();
    var entries = this.load();
    entries.push({ key: fields[this.keyField], url: this.form.action, fields: fields, summary: this.summary() });
    this.store(entries);
  };

  OfflineQueue.prototype.token = function () {
    var input = this.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  OfflineQueue.prototype.send = function (entry) {
    var body = new FormData();
    Object.keys(entry.fields).forEach(function (name) { body.append(name, entry.fields[name]); });
    return window.fetch(entry.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": this.token() },
    });
  };

  // Send waiting entries in order; stop at the first network failure (retried later).
  OfflineQueue.prototype.flush = function () {
    var queue = this;
    if (queue.sending) { return Promise.resolve(); }
    queue.sending = true;
    function next() {
      var entries = queue.load();
      var entry = entries.find(function (e) { return !e.refused; });
      if (!entry) { return Promise.resolve(); }
      return queue.send(entry).then(function (response) {
        if (response.ok) {
          queue.store(queue.load().filter(function (e) { return e.key !== entry.key; }));
          queue.render();
          return next();
        }
        if (response.status >= 400 && response.status < 500 && response.status !== 403 && response.status !== 429) {
          return response.json().catch(function () { return {}; }).then(function (answer) {
            queue.store(queue.load().map(function (e) {
              if (e.key === entry.key) { e.refused = answer.message || String(response.status); }
              return e;
            }));
            queue.render();
            return next();
          });
        }
        return Promise.resolve();  // signed out, rate-limited or a server error: try again later
      });
    }
    return next().catch(function () { /* offline: kept for later */ }).then(function () {
      queue.sending = false;
      queue.render();
    });
  };

  OfflineQueue.prototype.message = function (name, count) {
    var template = this.form.dataset[name] || "";
    return template.replace("{n}", String(count));
  };

  OfflineQueue.prototype.render = function () {
    var entries = this.load();
    var waiting = entries.filter(function (e) { return !e.refused; }).length;
    if (this.status) {
      this.status.textContent = waiting === 0 ? this.message("msgEmpty", 0)
        : this.message(waiting === 1 ? "msgOne" : "msgMany", waiting);
      this.status.dataset.waiting = String(waiting);
    }
    if (!this.list) { return; }
    var queue = this;
    this.list.replaceChildren.apply(this.list, entries.map(function (entry) {
      var item = document.createElement("li");
      var text = document.createElement("span");
      text.setAttribute("dir", "auto");
      text.textContent = entry.summary || entry.key;
      item.appendChild(text);
      if (entry.refused) {
        item.className = "refused";
        var reason = document.createElement("span");
        reason.className = "reason";
        reason.textContent = queue.message("msgRefused", 0) + " " + entry.refused;
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "link";
        discard.textContent = queue.form.dataset.msgDiscard || "×";
        discard.addEventListener("click", function () {
          queue.store(queue.load().filter(function (e) { return e.key !== entry.key; }));
          queue.render();
        });
        item.appendChild(reason);
        item.appendChild(discard);
      }
      return item;
    }));
  };

  OfflineQueue.prototype.start = function () {
    var queue = this;
    queue.form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!queue.form.reportValidity()) { return; }
      queue.add();
      queue.form.reset();
      var saved = queue.form.querySelector("[data-queue-saved]");
      if (saved) { saved.textContent = queue.form.dataset.msgSaved || ""; }
      queue.render();
      queue.flushIfOnline();
    });
    var send = queue.form.querySelector("[data-queue-send]");
    if (send) { send.addEventListener("click", function () { queue.flush(); }); }
    window.addEventListener("online", function () { queue.flush(); });
    window.setInterval(function () { queue.flushIfOnline(); }, 30000);
    queue.render();
    queue.flushIfOnline();
  };

  // On its own the queue tries only when the phone says it has a connection (a "no" is reliable,
  // a "yes" is not: the send may still fail and the entry waits). The send button always tries.
  OfflineQueue.prototype.flushIfOnline = function () {
    if (navigator.onLine !== false) { this.flush(); }
  };

  document.querySelectorAll("form[data-offline-queue]").forEach(function (form) {
    new OfflineQueue(form).start();
  });
})();
