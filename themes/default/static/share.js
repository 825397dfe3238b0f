/* Copy-link buttons (crowdgallery default theme).  Progressive enhancement: without
   JavaScript the button stays hidden and the page's plain share links and the
   selectable address field do the job. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  if (!buttons.length || !navigator.clipboard) { return; }
  Array.prototype.forEach.call(buttons, function (button) {
    var status = button.closest(".share").querySelector(".share__status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        status.textContent = "Link copied.";
      }, function () {
        status.textContent = "Could not copy: select the address above and copy it.";
      });
    });
  });
}());
