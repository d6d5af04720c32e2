// The language switcher is a plain form that works without JavaScript (its button submits it).
// With JavaScript, choosing a language submits at once and the button is hidden.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.language-switcher");
  Array.prototype.forEach.call(forms, function (form) {
    var select = form.querySelector("select");
    var button = form.querySelector("button");
    if (!select) { return; }
    if (button) { button.classList.add("visually-hidden"); }
    select.addEventListener("change", function () { form.submit(); });
  });
})();
