// followup serve: reload this page when a rebuild rewrote it (never part of `followup build`).
// One tab per browser listens to the server (the holder of a Web Lock) and tells the others over a
// BroadcastChannel, so any number of tabs share one connection (browsers allow six per host); each
// tab then asks once what changed since it was served, so a build that finished while it loaded counts.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="followup-serve"]');
  if (!meta || !window.EventSource) return;
  var token = meta.content;
  var problems = meta.getAttribute("data-problems") || "";
  function own() {
    var path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }
  var reloading = false;
  function reload() { if (!reloading) { reloading = true; location.reload(); } }
  function decide(data) {
    var changed = data.changed;
    if (changed === null || data.problems !== problems) return reload();
    for (var i = 0; i < changed.length; i++) {
      if (changed[i] === own() || /\.css$/.test(changed[i])) return reload();
    }
    if (changed.length) {
      fetch(location.href, { method: "HEAD", cache: "no-store" }).then(function (response) {
        if (response.status !== (meta.getAttribute("data-status") | 0)) reload();
      }, function () {});
    }
  }
  function check() {
    fetch("/__followup/changes?since=" + encodeURIComponent(token), { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) decide(data); }, function () {});
  }
  function listen(onBuild) {
    var source = new EventSource("/__followup/events?since=" + encodeURIComponent(token));
    source.addEventListener("build", onBuild);
    return source;
  }
  if (!window.BroadcastChannel || !navigator.locks) {
    listen(function (event) { decide(JSON.parse(event.data)); });  // a stream of its own
    return;
  }
  var channel = new BroadcastChannel("followup-serve");
  channel.onmessage = check;
  check();
  navigator.locks.request("followup-serve-events", function () {
    return new Promise(function () {  // held while this tab lives: then the next tab listens
      listen(function (event) { channel.postMessage("build"); decide(JSON.parse(event.data)); });
    });
  });
})();
