/* driftwatch console: helpers shared by the pages (no build step, no framework). */
"use strict";
var DW = (function () {
  var DAY = 86400000;

  function params() {
    return new URLSearchParams(window.location.search);
  }

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function num(v, digits) {
    if (v == null || typeof v !== "number" || !isFinite(v)) return "\u2013";
    var d = digits == null ? 3 : digits;
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
    return v.toFixed(a >= 1000 ? 1 : d);
  }

  function time(ms) {
    if (ms == null) return "\u2013";
    return new Date(ms).toISOString().replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC");
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (r) {
      if (r.status === 401) {
        window.location.href = "login.html?next=" + encodeURIComponent(window.location.pathname
          + window.location.search);
        throw new Error("not signed in");
      }
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  function modelHref(model, horizon) {
    return "model.html?model=" + encodeURIComponent(model) + "&horizon=" + encodeURIComponent(horizon);
  }

  function seriesHref(model, horizon, series) {
    return "series.html?model=" + encodeURIComponent(model) + "&horizon=" + encodeURIComponent(horizon)
      + "&series=" + encodeURIComponent(series);
  }

  /*
   * The time range selector (#range): last 30/90/365 days or all. Days count back from the newest data the page
   * has seen (the demo's data are years old), so a range always shows the latest evaluations; "to" is open
   * enough that live updates keep arriving.
   */
  function rangeQuery(latest) {
    var sel = document.getElementById("range");
    var days = sel ? sel.value : "all";
    if (days === "all" || latest == null) return "";
    var anchor = Math.max(latest, 0);
    var from = anchor - Number(days) * DAY;
    var to = Math.max(Date.now(), anchor) + DAY;
    return "from=" + from + "&to=" + to;
  }

  function initRange(onChange) {
    var sel = document.getElementById("range");
    if (!sel) return;
    var p = params();
    if (p.get("range")) sel.value = p.get("range");
    sel.addEventListener("change", function () {
      var q = params();
      q.set("range", sel.value);
      history.replaceState(null, "", "?" + q.toString());
      onChange();
    });
  }

  /*
   * Live updates: an EventSource on /api/events reloads the page's data on each `update` event; while the
   * stream is down the page polls every 5 s. #live shows which of the two is in force.
   */
  function live(reload) {
    var badge = document.getElementById("live");
    var timer = null;
    var pending = false;
    function show(mode) {
      if (!badge) return;
      badge.textContent = mode === "live" ? "live" : "polling every 5 s";
      badge.className = "live" + (mode === "live" ? " on" : "");
      badge.setAttribute("data-mode", mode);
    }
    function poll(on) {
      if (on && !timer) timer = setInterval(reload, 5000);
      if (!on && timer) { clearInterval(timer); timer = null; }
    }
    function kick() {
      if (pending) return;
      pending = true;
      setTimeout(function () { pending = false; reload(); }, 500);
    }
    if (!window.EventSource) { show("polling"); poll(true); return; }
    show("polling");
    poll(true);
    var es = new EventSource("api/events");
    es.addEventListener("open", function () { show("live"); poll(false); });
    es.addEventListener("update", kick);
    es.addEventListener("error", function () { show("polling"); poll(true); });
  }

  function showError(e) {
    var el = document.getElementById("error");
    if (el) { el.textContent = e && e.message ? e.message : String(e); el.hidden = false; }
  }

  function clearError() {
    var el = document.getElementById("error");
    if (el) el.hidden = true;
  }

  /* Width for a chart that fills its container. */
  function widthOf(el) {
    var style = getComputedStyle(el);
    var inner = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(320, Math.floor(inner || el.parentNode.clientWidth || 800));
  }

  /* One uPlot per container: destroyed and rebuilt on each reload (the data are small). */
  function plot(el, opts, data) {
    if (el._uplot) el._uplot.destroy();
    el.querySelectorAll(".empty").forEach(function (n) { n.remove(); });
    opts.width = opts.width || widthOf(el);
    opts.ms = 1;
    el._uplot = new uPlot(opts, data, el);
    el.setAttribute("data-points", String(data[0].length));
    return el._uplot;
  }

  function empty(el, text) {
    if (el._uplot) { el._uplot.destroy(); el._uplot = null; }
    el.innerHTML = "<div class=\"empty\">" + esc(text) + "</div>";
    el.setAttribute("data-points", "0");
  }

  /* Axis labels for p-values on a log scale: plain down to 0.01, then powers of ten. */
  function pValueLabels(u, splits) {
    return splits.map(function (v) {
      if (v == null) return "";
      return v >= 0.01 ? String(+v.toPrecision(2)) : "1e" + Math.round(Math.log10(v));
    });
  }

  function statusBadge(status) {
    var s = status || "UNKNOWN";
    return "<span class=\"badge " + esc(s) + "\" data-testid=\"status\">" + esc(s.replace("_", " ")) + "</span>";
  }

  return {
    DAY: DAY, params: params, esc: esc, num: num, time: time, getJson: getJson, modelHref: modelHref,
    seriesHref: seriesHref, rangeQuery: rangeQuery, initRange: initRange, live: live, showError: showError,
    clearError: clearError, plot: plot, empty: empty, statusBadge: statusBadge, pValueLabels: pValueLabels
  };
})();
