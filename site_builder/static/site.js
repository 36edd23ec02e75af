// Follow-up Journal site: optional enhancements. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("has-js");

  // Printing: folded sections (closed processes, old overdue items) print open.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-print-opened", "");
    });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-print-opened]"), function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-print-opened");
    });
  });

  // Folding, as people type: case, accents, and the letters NFKD leaves alone (ł, ß, ı, ø, æ…).
  var LETTERS = { "ł": "l", "ß": "ss", "ı": "i", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ħ": "h", "ŀ": "l" };
  function fold(text) {
    return String(text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[łßıøđðþæœħŀ]/g, function (c) { return LETTERS[c]; });
  }
  function words(text) { return fold(text).split(/\s+/).filter(Boolean); }

  // Timeline filters: outcome × kind × company × text, combined, kept in the URL (?outcome=pending&company=Acme).
  var filters = document.querySelector(".filters");
  if (filters) {
    var GROUPS = ["outcome", "kind", "company"];
    var chosen = { outcome: [], kind: [], company: [] };
    var text = document.getElementById("timeline-filter");
    var status = document.getElementById("filter-status");
    var rows = Array.prototype.slice.call(document.querySelectorAll(".timeline .entry, .process, .closed-list li"));
    var chips = Array.prototype.slice.call(filters.querySelectorAll("a.chip[data-group]"));
    var params = new URLSearchParams(window.location.search);
    GROUPS.forEach(function (group) {
      chosen[group] = (params.get(group) || "").split(",").filter(Boolean);
    });
    if (text && params.get("q")) { text.value = params.get("q"); }

    chips.forEach(function (chip) {
      var group = chip.getAttribute("data-group");
      var value = chip.getAttribute("data-value");
      var count = rows.filter(function (row) {
        return row.classList.contains("entry") && row.getAttribute("data-" + group) === value;
      }).length;
      var badge = document.createElement("span");
      badge.className = "chip-count";
      badge.textContent = " " + count;
      chip.appendChild(badge);
      chip.setAttribute("role", "button");
      chip.addEventListener("click", function (event) {
        event.preventDefault();  // a toggle: the page stays, and so does the focus
        var list = chosen[group];
        var at = list.indexOf(value);
        if (at === -1) { list.push(value); } else { list.splice(at, 1); }
        apply(true);
      });
    });
    var clear = filters.querySelector("a.chip.clear");
    if (clear) {
      clear.addEventListener("click", function (event) {
        event.preventDefault();
        GROUPS.forEach(function (group) { chosen[group] = []; });
        if (text) { text.value = ""; }
        apply(true);
      });
    }
    if (text) { text.addEventListener("input", function () { apply(true); }); }

    var apply = function (remember) {
      var typed = text ? words(text.value) : [];
      var shown = 0, entries = 0;
      rows.forEach(function (row) {
        var isEntry = row.classList.contains("entry");
        var ok = GROUPS.every(function (group) {
          var list = chosen[group];
          if (!list.length) { return true; }
          if (group === "kind" && !isEntry) { return true; }  // a process has no kind: kinds choose entries
          return list.indexOf(row.getAttribute("data-" + group) || "") !== -1;
        });
        if (ok && typed.length) {
          var hay = fold((row.getAttribute("data-company") || "") + " " + (row.getAttribute("data-people") || "") + " " + row.textContent);
          ok = typed.every(function (w) { return hay.indexOf(w) !== -1; });
        }
        row.classList.toggle("hidden", !ok);
        if (isEntry) { entries += 1; if (ok) { shown += 1; } }
      });
      Array.prototype.forEach.call(document.querySelectorAll(".timeline .month"), function (month) {
        month.classList.toggle("hidden", !month.querySelector(".entry:not(.hidden)"));
      });
      chips.forEach(function (chip) {
        var on = chosen[chip.getAttribute("data-group")].indexOf(chip.getAttribute("data-value")) !== -1;
        chip.classList.toggle("on", on);
        chip.setAttribute("aria-pressed", on ? "true" : "false");
      });
      var active = typed.length || GROUPS.some(function (group) { return chosen[group].length; });
      if (status) {
        status.textContent = !active ? "" : shown === 0 ? "No entries match these filters." :
          "Showing " + shown + " of " + entries + " entries.";
      }
      if (remember) {
        var query = new URLSearchParams();
        GROUPS.forEach(function (group) { if (chosen[group].length) { query.set(group, chosen[group].join(",")); } });
        if (text && text.value.trim()) { query.set("q", text.value.trim()); }
        var search = query.toString();
        history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
      }
    };
    apply(false);
  }

  // Search page: results as you type from the index script (works from file://).
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var found = document.getElementById("search-status");
  if (!input || !list) { return; }
  var index = (window.FOLLOWUP_SEARCH || []).map(function (row) {
    return { row: row, title: fold(row.t + " " + row.s), body: fold(row.x), text: row.x };
  });
  var LIMIT = 50;
  var SNIPPET = 80;

  // A piece of the text around the first match, the match marked (built as nodes: no HTML is parsed).
  // The text is folded a character at a time, so a place in the folded text is a place in the text.
  function snippet(entry, typed) {
    var chars = Array.from(entry.text);
    var folded = chars.map(fold);
    var joined = folded.join("");
    var at = -1, length = 0;
    typed.forEach(function (w) {
      var i = joined.indexOf(w);
      if (i !== -1 && (at === -1 || i < at)) { at = i; length = w.length; }
    });
    if (at === -1) { return null; }
    var from = 0, offset = 0;
    while (from < chars.length && offset + folded[from].length <= at) { offset += folded[from].length; from += 1; }
    var to = from;
    while (to < chars.length && offset < at + length) { offset += folded[to].length; to += 1; }
    var start = Math.max(0, from - SNIPPET), end = Math.min(chars.length, to + SNIPPET);
    var p = document.createElement("p");
    p.className = "snippet";
    p.appendChild(document.createTextNode((start > 0 ? "…" : "") + chars.slice(start, from).join("")));
    var mark = document.createElement("mark");
    mark.textContent = chars.slice(from, to).join("");
    p.appendChild(mark);
    p.appendChild(document.createTextNode(chars.slice(to, end).join("") + (end < chars.length ? "…" : "")));
    return p;
  }

  function show() {
    var typed = words(input.value);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!typed.length) { found.textContent = index.length + " records searchable."; return; }
    var hits = index.filter(function (entry) {
      return typed.every(function (w) { return entry.title.indexOf(w) !== -1 || entry.body.indexOf(w) !== -1; });
    });
    // People and companies named by the words first, then the most recent records.
    hits.sort(function (a, b) {
      var named = (b.row.i ? 0 : 1) - (a.row.i ? 0 : 1);
      return named || (a.row.i < b.row.i ? 1 : a.row.i > b.row.i ? -1 : 0);
    });
    found.textContent = hits.length === 0 ? "No matches." : hits.length + " match" + (hits.length === 1 ? "" : "es") +
      (hits.length > LIMIT ? " (the first " + LIMIT + " shown)" : "") + ".";
    hits.slice(0, LIMIT).forEach(function (entry) {
      var row = entry.row;
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
      var piece = snippet(entry, typed);
      if (piece) { li.appendChild(piece); }
      list.appendChild(li);
    });
  }

  // Keyboard: Enter opens the first result, Down moves into the results, Up back to the field.
  input.addEventListener("keydown", function (event) {
    var first = list.querySelector("a");
    if (event.key === "Enter" && first) { event.preventDefault(); first.click(); }
    if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
  });
  list.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (at === -1) { return; }
    if (event.key === "ArrowDown" && at + 1 < links.length) { event.preventDefault(); links[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at ? links[at - 1] : input).focus(); }
  });

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; }
  input.addEventListener("input", show);
  show();
  input.focus();
})();
