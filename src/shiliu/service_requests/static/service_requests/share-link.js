// The tracking page's "copy or share" button: the phone's share sheet where there is one, else
// the clipboard. Without JavaScript the button stays hidden; the link and its QR code remain.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("button.share-link"), function (button) {
    var url = button.getAttribute("data-share-url");
    var status = button.parentNode.querySelector(".share-status");
    if (!url || !(navigator.share || navigator.clipboard)) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.share) {
        navigator.share({ title: button.getAttribute("data-share-title") || "", url: url })
          .catch(function () { /* the resident closed the share sheet */ });
        return;
      }
      navigator.clipboard.writeText(url).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied"); }
      });
    });
  });
})();
