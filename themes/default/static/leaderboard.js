/* Sortable leaderboard: progressive enhancement for designers/index.html.
   Without this script the table is complete, in its default order (wins, then votes).
   Headings with data-sort become buttons; rows carry their figures as data-* attributes. */
(function () {
  "use strict";
  function setUp(table) {
    var body = table.tBodies[0];
    var heads = table.querySelectorAll("th[data-sort]");
    var caption = table.querySelector("caption");
    var labels = { wins: "most wins first", votes: "most votes received first", submissions: "most submissions first" };
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
          if (pos) { pos.textContent = String(i + 1); }
        });
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", "descending");
        if (caption) { caption.textContent = "Leaderboard: every designer, " + labels[key]; }
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setUp);
})();
