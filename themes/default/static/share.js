/* Copy-link and share buttons (crowdgallery default theme).  Progressive enhancement: without
   JavaScript both buttons stay hidden and the page's plain share links and the selectable
   address field do the job; the share button shows only where the browser has a share sheet.
   The status wordings come from the template (data-text-*), to be translated there. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    if (!navigator.clipboard) { return; }
    var status = button.closest(".share").querySelector(".share__status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        status.textContent = status.dataset.textCopied;
      }, function () {
        status.textContent = status.dataset.textFailed;
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-share-url]"), function (button) {
    if (!navigator.share) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({title: button.dataset.shareTitle, url: button.dataset.shareUrl}).catch(function () {});
    });
  });
}());
