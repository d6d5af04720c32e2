// A search box above each <select data-searchable>: typing hides the options (and empty groups)
// whose text does not contain what was typed. The select keeps working without this script.
(function () {
  "use strict";
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "select-search";
    input.setAttribute("aria-label", select.dataset.searchLabel || "");
    input.placeholder = select.dataset.searchLabel || "";
    input.setAttribute("dir", "auto");
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !needle || option.text.toLowerCase().indexOf(needle) >= 0;
        option.hidden = !match;
        if (match && option.value && first === null) { first = option; }
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
      });
      if (needle && first !== null && (select.selectedIndex < 0 || select.options[select.selectedIndex].hidden)) {
        first.selected = true;
      }
    });
  });
})();
