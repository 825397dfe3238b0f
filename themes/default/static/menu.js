/* The header's campaigns menu is a <details>: it opens and closes without JavaScript.  With it, the
   menu also closes the way a menu should: on Escape (focus goes back to its summary), on a click
   outside it, and when focus moves out of it. */
(function () {
  "use strict";
  var menus = document.querySelectorAll("details.menu");
  if (!menus.length) return;

  function close(menu, refocus) {
    if (!menu.open) return;
    menu.open = false;
    if (refocus) menu.querySelector("summary").focus();
  }

  Array.prototype.forEach.call(menus, function (menu) {
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        event.preventDefault();
        close(menu, true);
      }
    });
    menu.addEventListener("focusout", function (event) {
      // relatedTarget is null when focus leaves the page, or goes to something that cannot be focused
      // (a click on the page's text), which the click handler below deals with.
      if (event.relatedTarget && !menu.contains(event.relatedTarget)) close(menu, false);
    });
  });

  document.addEventListener("click", function (event) {
    Array.prototype.forEach.call(menus, function (menu) {
      if (menu.open && !menu.contains(event.target)) close(menu, false);
    });
  });
})();
