/* Gallery tools: filter a gallery page's cards by tag and status and sort them, in the browser.
   The form (partials/gallery_tools.html) is hidden without JavaScript, and the page keeps its
   server order.  Cards are reordered in place; focus stays on the control the
   visitor is using, and a live region says how many entries are shown. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-gallery-tools]");
  if (!form) return;
  var grid = document.getElementById(form.getAttribute("data-gallery-tools"));
  if (!grid) return;
  var items = Array.prototype.slice.call(grid.children);
  var count = form.querySelector(".gallery-tools__count");
  var noun = count.getAttribute("data-count-text");

  function has(item, attr, token) {
    return !token || (" " + (item.getAttribute(attr) || "") + " ").indexOf(" " + token + " ") >= 0;
  }
  function value(name) {
    var field = form.elements[name];
    return field ? field.value : "";
  }
  var sorters = {
    order: function (a, b) { return a.dataset.order - b.dataset.order; },
    newest: function (a, b) {
      var x = a.dataset.submitted || "", y = b.dataset.submitted || "";
      return x < y ? 1 : x > y ? -1 : a.dataset.order - b.dataset.order;
    },
    votes: function (a, b) { return (b.dataset.votes - a.dataset.votes) || (a.dataset.order - b.dataset.order); }
  };

  function apply() {
    var tag = value("tag"), status = value("status"), sort = sorters[value("sort")] || sorters.order;
    var shown = 0;
    items.slice().sort(sort).forEach(function (item) {
      var visible = has(item, "data-tags", tag) && has(item, "data-status", status);
      item.hidden = !visible;
      if (visible) shown += 1;
      grid.appendChild(item);
    });
    count.textContent = "Showing " + shown + " of " + items.length + " " + noun + ".";
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  if (form.elements.sort.value !== "order" || value("tag") || value("status")) apply();  // restored by the browser
})();
