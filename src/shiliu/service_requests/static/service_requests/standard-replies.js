// Choosing a standard reply on the workbench fills in the reply with its text, already written in
// the resident's language and completed for the request, and sets the reply's language to it.
// The handler reads and adapts it before sending. A static file: the CSP allows no inline script.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("select.standard-reply"), function (select) {
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var reply = document.querySelector(select.getAttribute("data-reply"));
      var language = document.querySelector(select.getAttribute("data-language"));
      if (!option || !option.value || !reply) { return; }
      reply.value = option.getAttribute("data-text") || "";
      if (language) { language.value = select.getAttribute("data-reply-language"); }
      reply.focus();
    });
  });
})();
