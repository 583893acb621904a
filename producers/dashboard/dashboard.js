// SPDX-License-Identifier: EUPL-1.2
// dashboard.js — keeps the dashboard's figures fresh: every few seconds it
// fetches the same page and puts its <div id="live"> in place of the shown
// one (the server draws everything; this only swaps it). A session that
// ended reloads the page, which then shows the sign-in. Served as
// /dashboard.js; nothing inline, no eval.
"use strict";
(function () {
  var live = document.getElementById("live");
  if (!live || !window.fetch || !window.DOMParser) return;
  var seconds = parseInt(live.getAttribute("data-refresh"), 10) || 5;
  function refresh() {
    fetch(location.pathname + location.search, { credentials: "same-origin", redirect: "manual" })
      .then(function (r) {
        if (r.status !== 200) { location.reload(); return null; }
        return r.text();
      })
      .then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("live");
        var shown = document.getElementById("live");
        if (fresh && shown) shown.replaceWith(document.importNode(fresh, true));
      })
      .catch(function () { /* the next round tries again */ })
      .then(function () { setTimeout(refresh, seconds * 1000); });
  }
  setTimeout(refresh, seconds * 1000);
})();
