/* Gallery tools: filter a campaign's cards by tag and status and sort them, over the whole campaign.
   The form (partials/gallery_tools.html) is hidden without JavaScript; plain tag links stand in.
   On the first change the script loads every card of the campaign from cards.json (built with the
   site) and shows the matching ones in place of the page's; with no filter and the rank order, the
   page's own cards come back.  The choice is kept in the address (?tag=&status=&sort=).  Focus stays
   on the control in use; a live region says how many entries are shown, in the wordings the
   template gives (data-text-*).  Where cards.json cannot be loaded (a site opened from the disk),
   the tools act on the cards of this page. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-gallery-tools]");
  if (!form) return;
  var grid = document.getElementById(form.getAttribute("data-gallery-tools"));
  if (!grid) return;
  var pageItems = Array.prototype.slice.call(grid.children);
  var count = form.querySelector(".gallery-tools__count");
  var reset = form.querySelector(".gallery-tools__reset a");
  var pagination = document.querySelector(".pagination");
  var cardsUrl = form.getAttribute("data-cards");
  var allItems = null, loading = null;

  function value(name) {
    var field = form.elements[name];
    return field ? field.value : "";
  }
  function has(list, token) { return !token || list.indexOf(token) >= 0; }
  function words(text) { return text ? text.split(" ") : []; }
  function facts(item) {
    return {order: +item.dataset.order, tags: words(item.dataset.tags), status: words(item.dataset.status),
            submitted: item.dataset.submitted || "", votes: +(item.dataset.votes || 0), item: item};
  }
  var sorters = {
    order: function (a, b) { return a.order - b.order; },
    newest: function (a, b) {
      return a.submitted < b.submitted ? 1 : a.submitted > b.submitted ? -1 : a.order - b.order;
    },
    votes: function (a, b) { return (b.votes - a.votes) || (a.order - b.order); }
  };

  /* A card from cards.json, its links made absolute (they are relative to the campaign's first page). */
  function absolute(html, base) {
    var t = document.createElement("template");
    t.innerHTML = html;
    t.content.querySelectorAll("[href]").forEach(function (el) { el.href = new URL(el.getAttribute("href"), base).href; });
    t.content.querySelectorAll("[src]").forEach(function (el) { el.src = new URL(el.getAttribute("src"), base).href; });
    t.content.querySelectorAll("[srcset]").forEach(function (el) {
      el.srcset = el.getAttribute("srcset").split(",").map(function (part) {
        var bits = part.trim().split(/\s+/);
        bits[0] = new URL(bits[0], base).href;
        return bits.join(" ");
      }).join(", ");
    });
    return t.content;
  }
  function load() {
    if (!loading) {
      var base = new URL(cardsUrl, location.href);
      loading = fetch(base).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          allItems = data.entries.map(function (e) {
            var li = document.createElement("li");  // the same data attributes as the page's own cards
            li.dataset.order = e.order;
            li.dataset.tags = e.tags.join(" ");
            li.dataset.status = e.status.join(" ");
            if (e.submitted) li.dataset.submitted = e.submitted;
            if (e.votes !== null && e.votes !== undefined) li.dataset.votes = e.votes;
            li.appendChild(absolute(e.html, base));
            return {order: e.order, tags: e.tags, status: e.status, submitted: e.submitted,
                    votes: e.votes || 0, item: li};
          });
        })
        .catch(function () { allItems = pageItems.map(facts); });
    }
    return loading;
  }

  function show(list, total, filtered) {
    grid.replaceChildren.apply(grid, list.map(function (f) { return f.item; }));
    var text = !list.length ? count.dataset.textNone
      : filtered ? count.dataset.textSome : count.dataset.textAll;
    count.textContent = text.replace("{shown}", list.length).replace("{total}", total);
  }

  function apply(push) {
    var tag = value("tag"), status = value("status"), sortName = value("sort") || "order";
    var filtered = !!(tag || status), plain = !filtered && sortName === "order";
    var params = new URLSearchParams();
    if (tag) params.set("tag", tag);
    if (status) params.set("status", status);
    if (sortName !== "order") params.set("sort", sortName);
    if (push) history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : "") + location.hash);
    if (reset) reset.hidden = plain;
    if (pagination) pagination.hidden = !plain;
    if (plain) {  // the page as built
      grid.replaceChildren.apply(grid, pageItems);
      count.textContent = pageItems.length === +form.dataset.total
        ? count.dataset.textAll.replace("{total}", form.dataset.total)
        : count.dataset.textSome.replace("{shown}", pageItems.length).replace("{total}", form.dataset.total);
      return;
    }
    grid.setAttribute("aria-busy", "true");
    load().then(function () {
      var matching = allItems.filter(function (f) { return has(f.tags, tag) && has(f.status, status); });
      show(matching.sort(sorters[sortName] || sorters.order), allItems.length, filtered);
      grid.removeAttribute("aria-busy");
    });
  }

  /* The address's choice first (a shared link), then what the browser restored. */
  var query = new URLSearchParams(location.search);
  ["tag", "status", "sort"].forEach(function (name) {
    var field = form.elements[name], wanted = query.get(name);
    if (field && wanted && Array.prototype.some.call(field.options, function (o) { return o.value === wanted; })) {
      field.value = wanted;
    }
  });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
  if (reset) reset.addEventListener("click", function (event) {
    event.preventDefault();
    form.reset();
    apply(true);
  });
  if (value("sort") !== "order" || value("tag") || value("status")) apply(false);
})();
