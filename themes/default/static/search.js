/* Site search without a server: search-index.json (written by the build) is fetched on the first
   use of the header's search box; results appear as you type and link to the entries.  The box is
   hidden without JavaScript (a <noscript> style), since it cannot work without it.
   Keys: ↓ moves into the results, ↑/↓ between them, Escape clears, Enter opens the first result. */
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[type=search]");
  var panel = form.querySelector(".site-search__panel");
  var status = form.querySelector(".site-search__status");
  var list = form.querySelector(".site-search__results");
  var root = form.getAttribute("data-search-root");
  var MAX = 8;
  /* The wordings come from the template (partials/search.html, data-text-*), to be translated there. */
  function text(name, fill) {
    var t = status.getAttribute("data-text-" + name) || "";
    Object.keys(fill || {}).forEach(function (k) { t = t.split("{" + k + "}").join(fill[k]); });
    return t;
  }
  var entries = null, loading = null, timer = 0;

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-search-index"))
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (index) {
          entries = index.entries.map(function (e) {
            var campaign = index.campaigns[e[2]];
            var designers = e[3].map(function (i) { return index.designers[i]; });
            var tags = e[4].map(function (i) { return index.tags[i]; });
            return {title: e[0], url: e[1], campaign: campaign[0], designers: designers, excerpt: e[5], image: e[6] || "",
                    fields: [[fold(e[0]), 8], [fold(designers.join(" ")), 4], [fold(tags.join(" ")), 4],
                             [fold(campaign[0]), 1], [fold(e[5]), 1]]};
          });
        })
        .catch(function () { loading = null; say(text("unavailable")); });
    }
    return loading;
  }

  function say(text) { status.textContent = text; }

  function score(entry, terms) {
    var total = 0;
    for (var t = 0; t < terms.length; t++) {
      var best = 0;
      for (var f = 0; f < entry.fields.length; f++) {
        var field = entry.fields[f][0], at = field.indexOf(terms[t]);
        if (at < 0) continue;
        var weight = entry.fields[f][1] * (at === 0 || /[^a-z0-9]/.test(field.charAt(at - 1)) ? 2 : 1);
        if (weight > best) best = weight;
      }
      if (!best) return 0;
      total += best;
    }
    return total;
  }

  function item(entry) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + entry.url;
    a.className = "site-search__hit";
    var title = document.createElement("span");
    title.className = "site-search__title";
    title.textContent = entry.title;
    var meta = document.createElement("span");
    meta.className = "site-search__meta";
    meta.textContent = entry.designers.length
      ? text("meta", {designers: entry.designers.join(", "), campaign: entry.campaign}) : entry.campaign;
    var words = document.createElement("span");
    words.className = "site-search__words";
    words.appendChild(title);
    words.appendChild(meta);
    if (entry.image) {  /* alt="": the title beside it names the entry */
      var img = document.createElement("img");
      img.className = "site-search__thumb";
      img.src = entry.image.indexOf("://") >= 0 ? entry.image : root + entry.image;
      img.alt = "";
      img.width = 48;
      img.height = 48;
      img.loading = "lazy";
      a.appendChild(img);
    } else {
      var blank = document.createElement("span");
      blank.className = "site-search__thumb";
      a.appendChild(blank);
    }
    a.appendChild(words);
    if (entry.excerpt) {
      var excerpt = document.createElement("span");
      excerpt.className = "site-search__excerpt";
      excerpt.textContent = entry.excerpt;
      words.appendChild(excerpt);
    }
    li.appendChild(a);
    return li;
  }

  function run() {
    var query = input.value.trim();
    list.textContent = "";
    form.classList.toggle("is-open", query.length > 0);
    if (!query) { say(""); return; }
    var terms = fold(query).split(/\s+/).filter(Boolean);
    var hits = [];
    entries.forEach(function (entry) {
      var s = score(entry, terms);
      if (s) hits.push([s, entry]);
    });
    hits.sort(function (a, b) { return b[0] - a[0] || a[1].title.localeCompare(b[1].title); });
    hits.slice(0, MAX).forEach(function (hit) { list.appendChild(item(hit[1])); });
    var fill = {count: hits.length, query: query, max: MAX};
    if (!hits.length) say(text("none", fill));
    else if (hits.length > MAX) say(text("many", fill));
    else say(text(hits.length === 1 ? "one" : "some", fill));
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () { load().then(function () { if (entries) run(); }); }, 60);
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("focus", load);
  input.addEventListener("input", schedule);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) window.location.href = first.href;
  });
  form.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    } else if (event.key === "Escape") {
      input.value = "";
      input.focus();
      run();
    }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) form.classList.remove("is-open");
  });
  input.addEventListener("focus", function () { if (input.value.trim()) form.classList.add("is-open"); });
  if (input.value.trim()) schedule();  // typed before this script arrived, or restored by the browser
})();
