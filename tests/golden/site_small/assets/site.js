// Follow-up Journal site: optional enhancements. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("has-js");

  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Timeline: filter entries and processes by company or person as you type.
  var filter = document.getElementById("timeline-filter");
  if (filter) {
    filter.addEventListener("input", function () {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      var rows = document.querySelectorAll(".entry, .process");
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i];
        var hay = fold((row.getAttribute("data-company") || "") + " " + (row.getAttribute("data-people") || "") + " " + row.textContent);
        var show = words.every(function (w) { return hay.indexOf(w) !== -1; });
        row.classList.toggle("hidden", !show);
      }
    });
  }

  // Search page: results as you type from the index script (works from file://).
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) { return; }
  var index = (window.FOLLOWUP_SEARCH || []).map(function (row) {
    return { row: row, hay: fold(row.t + " " + row.s + " " + row.x) };
  });
  var LIMIT = 50;

  function show() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!words.length) { status.textContent = index.length + " records searchable."; return; }
    var hits = [];
    for (var i = 0; i < index.length && hits.length < 1000; i++) {
      var entry = index[i];
      if (words.every(function (w) { return entry.hay.indexOf(w) !== -1; })) { hits.push(entry.row); }
    }
    var order = { person: 0, company: 1, interview: 2 };
    hits.sort(function (a, b) { return (order[a.k] === undefined ? 3 : order[a.k]) - (order[b.k] === undefined ? 3 : order[b.k]); });
    status.textContent = hits.length === 0 ? "No matches." : hits.length + (hits.length >= 1000 ? "+" : "") + " match" + (hits.length === 1 ? "" : "es") + (hits.length > LIMIT ? " (first " + LIMIT + " shown)" : "") + ".";
    hits.slice(0, LIMIT).forEach(function (row) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "badge kind hit-kind";
      kind.textContent = row.k;
      var link = document.createElement("a");
      link.href = row.u;
      link.textContent = row.t;
      li.appendChild(kind);
      li.appendChild(link);
      var extra = [row.d, row.s].filter(Boolean).join(" · ");
      if (extra) {
        var small = document.createElement("span");
        small.className = "muted";
        small.textContent = " · " + extra;
        li.appendChild(small);
      }
      list.appendChild(li);
    });
  }

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; }
  input.addEventListener("input", show);
  show();
  input.focus();
})();
