/* Model page: error over time with the threshold band and trigger markers, versions, series ranking. */
"use strict";
(function () {
  var p = DW.params();
  var model = p.get("model");
  var horizon = p.get("horizon");
  var latest = null;
  var selected = null;
  var lastData = null;

  function api() {
    var q = DW.rangeQuery(latest);
    return "api/models/" + encodeURIComponent(model) + "/" + encodeURIComponent(horizon) + (q ? "?" + q : "");
  }

  function thresholdOf(e, m) {
    return e.threshold != null ? e.threshold : m.threshold;
  }

  /* The evaluation a trigger came from: the one naming it, else the last one at or before its time. */
  function evaluationOf(trigger, evals) {
    var hit = null;
    for (var i = 0; i < evals.length; i++) {
      if (evals[i].triggerId === trigger.id) return i;
      if (evals[i].time <= trigger.time) hit = i;
    }
    return hit;
  }

  function showTrigger(t) {
    selected = t.id;
    var panel = document.getElementById("trigger-panel");
    var figures = t.figures || {};
    panel.innerHTML = "<h3 style=\"margin:0\">" + DW.esc(t.type.replace(/_/g, " ").toLowerCase())
      + " <span class=\"badge " + DW.esc(t.severity) + "\">" + DW.esc(t.severity) + "</span></h3>"
      + "<dl>"
      + "<dt>Trigger</dt><dd data-testid=\"trigger-id\">" + DW.esc(t.id) + "</dd>"
      + "<dt>Time</dt><dd>" + DW.esc(DW.time(t.time)) + "</dd>"
      + "<dt>Recommended action</dt><dd>" + DW.esc(t.recommendedAction || "\u2013") + "</dd>"
      + Object.keys(figures).sort().map(function (k) {
        return "<dt>" + DW.esc(k) + "</dt><dd data-testid=\"trigger-figure\" data-name=\"" + DW.esc(k) + "\">"
          + DW.num(figures[k], 4) + "</dd>";
      }).join("")
      + "</dl>";
    panel.hidden = false;
    panel.setAttribute("data-trigger-id", t.id);
    document.querySelectorAll("#rmse-chart .marker").forEach(function (b) {
      b.classList.toggle("selected", b.getAttribute("data-trigger-id") === t.id);
    });
  }

  /* Trigger markers are buttons laid over the chart, so they can be clicked, focused and found by tests. */
  function placeMarkers(u, triggers, evals) {
    u.over.querySelectorAll(".marker").forEach(function (n) { n.remove(); });
    triggers.forEach(function (t) {
      var i = evaluationOf(t, evals);
      var y = i == null ? null : evals[i].rmse;
      if (y == null) return;
      var left = u.valToPos(t.time, "x");
      var top = u.valToPos(y, "y");
      if (!(left >= 0 && left <= u.over.clientWidth)) return;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "marker" + (t.id === selected ? " selected" : "");
      b.style.left = left + "px";
      b.style.top = top + "px";
      b.setAttribute("data-testid", "trigger-marker");
      b.setAttribute("data-trigger-id", t.id);
      b.setAttribute("aria-label", t.type + " " + t.severity + " at " + DW.time(t.time));
      b.title = t.type + " (" + t.severity + ")";
      b.addEventListener("click", function (ev) { ev.stopPropagation(); showTrigger(t); });
      u.over.appendChild(b);
    });
    u.root.setAttribute("data-markers", String(u.over.querySelectorAll(".marker").length));
  }

  function rmseChart(m) {
    var el = document.getElementById("rmse-chart");
    var evals = m.evaluations || [];
    if (!evals.length) { DW.empty(el, "No evaluation in this range yet."); return; }
    var xs = [], recent = [], base = [], limit = [];
    evals.forEach(function (e) {
      xs.push(e.time);
      recent.push(e.rmse);
      base.push(e.baselineRmse);
      var th = thresholdOf(e, m);
      limit.push(e.baselineRmse != null && th != null ? e.baselineRmse * (1 + th) : null);
    });
    var triggers = m.triggers || [];
    DW.plot(el, {
      height: 320,
      series: [
        {},
        { label: "Recent RMSE", stroke: "#b42318", width: 2, points: { show: true, size: 5 } },
        { label: "Baseline RMSE", stroke: "#1e7b34", width: 1.5, dash: [6, 4], points: { show: false } },
        { label: "Threshold", stroke: "rgba(161,92,0,0.9)", width: 1, dash: [2, 3], points: { show: false } }
      ],
      bands: [{ series: [3, 2], fill: "rgba(161,92,0,0.13)" }],
      axes: [{}, { label: "RMSE", size: 70 }],
      hooks: { draw: [function (u) { placeMarkers(u, triggers, evals); }] }
    }, [xs, recent, base, limit]);
    el.setAttribute("data-triggers", String(triggers.length));
  }

  function smallChart(id, evals, key, label, stroke, extra) {
    var el = document.getElementById(id);
    if (!evals.length) { DW.empty(el, "No evaluation in this range yet."); return; }
    var series = [{}, { label: label, stroke: stroke, width: 1.5, points: { show: false } }];
    var data = [evals.map(function (e) { return e.time; }), evals.map(function (e) { return e[key]; })];
    if (extra) { series.push(extra.series); data.push(evals.map(extra.value)); }
    DW.plot(el, { height: 200, series: series, axes: [{}, { size: 60 }] }, data);
  }

  function versions(list) {
    var ol = document.getElementById("versions");
    if (!list || !list.length) { ol.innerHTML = "<li class=\"muted\">No version history yet.</li>"; return; }
    ol.innerHTML = list.slice().sort(function (a, b) { return a.time - b.time; }).map(function (v) {
      var rows = (v.validation || []).map(function (c) {
        return "<tr><td>" + DW.esc(c.criterion) + "</td><td class=\"num\">" + DW.num(c.candidate) + "</td>"
          + "<td class=\"num\">" + DW.num(c.current) + "</td><td class=\"num\">" + DW.num(c.threshold) + "</td>"
          + "<td class=\"" + (c.passed ? "pass\">passed" : "fail\">failed") + "</td></tr>";
      }).join("");
      return "<li class=\"" + DW.esc(v.event) + "\" data-testid=\"version\" data-version=\"" + DW.esc(v.version)
        + "\" data-event=\"" + DW.esc(v.event) + "\">"
        + "<strong>v" + DW.esc(v.version) + "</strong> <span class=\"badge " + DW.esc(v.event) + "\">"
        + DW.esc(v.event.replace("_", " ")) + "</span> <span class=\"muted\">" + DW.esc(DW.time(v.time))
        + (v.algorithm ? " \u00b7 " + DW.esc(v.algorithm) : "") + "</span>"
        + (v.reason ? "<div>" + DW.esc(v.reason) + "</div>" : "")
        + (rows ? "<table data-testid=\"validation\"><thead><tr><th scope=\"col\">Criterion</th>"
          + "<th scope=\"col\" class=\"num\">Candidate</th><th scope=\"col\" class=\"num\">Current</th>"
          + "<th scope=\"col\" class=\"num\">Threshold</th><th scope=\"col\">Result</th></tr></thead><tbody>"
          + rows + "</tbody></table>" : "")
        + "</li>";
    }).join("");
  }

  function seriesTable(list) {
    var body = document.querySelector("#series-table tbody");
    var ranked = (list || []).slice().sort(function (a, b) { return (b.contribution || 0) - (a.contribution || 0); });
    body.innerHTML = ranked.map(function (s) {
      return "<tr data-testid=\"series-row\" data-series=\"" + DW.esc(s.series) + "\""
        + (s.flagged ? " class=\"flagged\"" : "") + ">"
        + "<td><a href=\"" + DW.seriesHref(model, horizon, s.series) + "\">" + DW.esc(s.series) + "</a></td>"
        + "<td class=\"num\">" + (s.contribution == null ? "\u2013" : DW.num(100 * s.contribution, 1) + "%")
        + "</td><td class=\"num\">" + DW.num(s.rmse) + "</td><td class=\"num\">" + DW.esc(s.n) + "</td>"
        + "<td>" + (s.flagged ? "<span class=\"fail\">drift</span>" : "") + "</td></tr>";
    }).join("") || "<tr><td colspan=\"5\" class=\"muted\">No series yet.</td></tr>";
  }

  function render(m) {
    lastData = m;
    var evals = m.evaluations || [];
    document.getElementById("title").innerHTML = DW.esc(m.model + ":" + m.horizon) + " " + DW.statusBadge(m.status);
    document.getElementById("facts").textContent = "tenant " + (m.tenant || "\u2013") + " \u00b7 config v"
      + m.configVersion + " \u00b7 threshold " + (m.threshold == null ? "\u2013" : DW.num(100 * m.threshold, 0) + "%")
      + " \u00b7 " + evals.length + " evaluations" + (evals.length ? ", latest " + DW.time(evals[evals.length - 1].time)
      : "") + " \u00b7 " + (m.triggers || []).length + " triggers";
    rmseChart(m);
    smallChart("mae-chart", evals, "mae", "MAE", "#1f5fbf");
    smallChart("coverage-chart", evals, "coverage", "Coverage", "#6a3fb5");
    versions(m.versions);
    seriesTable(m.series);
    var t = (m.triggers || []).filter(function (x) { return x.id === selected; })[0];
    if (t) showTrigger(t);
  }

  function load() {
    return DW.getJson(api()).then(function (m) {
      DW.clearError();
      var evals = m.evaluations || [];
      var first = latest == null;
      evals.forEach(function (e) { if (e.time != null) latest = Math.max(latest || 0, e.time); });
      if (first && latest != null && DW.rangeQuery(latest)) return load(); // the range counts back from the data
      render(m);
    }).catch(DW.showError);
  }

  if (!model || !horizon) {
    DW.showError("This page needs ?model=...&horizon=... (open it from the fleet page).");
    return;
  }
  document.title = model + ":" + horizon + " \u00b7 driftwatch";
  document.getElementById("crumb").textContent = model + ":" + horizon;
  DW.initRange(load);
  window.addEventListener("resize", function () { if (lastData) render(lastData); });
  load();
  DW.live(load);
})();
