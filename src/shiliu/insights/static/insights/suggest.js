// Category suggestion on the intake forms: the description is sent (htmx) as it is typed; when the
// answer carries a confident category, it is chosen in the form unless the person chose one.
(function () {
  "use strict";
  var category = document.getElementById("id_category");
  var requestType = document.getElementById("id_request_type");
  if (!category) { return; }
  var chosenByPerson = false;
  category.addEventListener("change", function () { chosenByPerson = true; });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var hint = event.detail.target.querySelector ? event.detail.target.querySelector(".suggestion") : null;
    if (!hint || !hint.dataset.category || chosenByPerson) { return; }
    category.value = hint.dataset.category;
    if (requestType && hint.dataset.requestType) { requestType.value = hint.dataset.requestType; }
  });
})();
