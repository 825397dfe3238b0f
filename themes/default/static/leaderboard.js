/* Sortable leaderboard: progressive enhancement for designers/index.html.
   Without this script the table is complete, in its default order (wins, then votes).
   Headings with data-sort become buttons; rows carry their figures as data-* attributes.  The words come
   from the page (each heading's data-caption, the positions as the page writes them), so they are in the
   site's language. */
(function () {
  "use strict";
  function setUp(table) {
    var body = table.tBodies[0];
    var heads = table.querySelectorAll("th[data-sort]");
    var caption = table.querySelector("caption");
    var positions = Array.prototype.map.call(body.querySelectorAll(".leaderboard__pos"), function (cell) {
      return cell.textContent;
    });
    Array.prototype.forEach.call(heads, function (th) {
      var key = th.getAttribute("data-sort");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var d = Number(b.getAttribute("data-" + key)) - Number(a.getAttribute("data-" + key));
          return d || Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
        });
        rows.forEach(function (row, i) {
          body.appendChild(row);
          var pos = row.querySelector(".leaderboard__pos");
          if (pos && positions[i] !== undefined) { pos.textContent = positions[i]; }
        });
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", "descending");
        if (caption && th.hasAttribute("data-caption")) { caption.textContent = th.getAttribute("data-caption"); }
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setUp);
})();
