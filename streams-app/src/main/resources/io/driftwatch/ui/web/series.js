/* Series page: actuals vs forecasts with the interval, config versions, anomalies and drift tests. */
"use strict";
(function () {
  var p = DW.params();
  var model = p.get("model");
  var horizon = p.get("horizon");
  var series = p.get("series");
  var latest = null;
  var lastData = null;
  var VERSION_FILLS = ["rgba(31,95,191,0.06)", "rgba(30,123,52,0.08)"];
  var TEST_COLOURS = ["#1f5fbf", "#6a3fb5", "#a15c00", "#1e7b34"];

  function api() {
    var q = DW.rangeQuery(latest);
    return "api/series/" + [model, horizon, series].map(encodeURIComponent).join("/") + (q ? "?" + q : "");
  }

  /* Runs of consecutive points made by the same config version: [{version, from, to}]. */
  function versionRuns(points) {
    var runs = [];
    points.forEach(function (pt) {
      var last = runs[runs.length - 1];
      if (last && last.version === pt.configVersion) { last.to = pt.time; return; }
      runs.push({ version: pt.configVersion, from: pt.time, to: pt.time });
    });
    return runs;
  }

  function drawVersions(u, runs) {
    var ctx = u.ctx;
    var top = u.bbox.top;
    var height = u.bbox.height;
    ctx.save();
    runs.forEach(function (r, i) {
      var next = runs[i + 1];
      var x0 = u.valToPos(r.from, "x", true);
      var x1 = next ? u.valToPos(next.from, "x", true) : u.bbox.left + u.bbox.width;
      ctx.fillStyle = VERSION_FILLS[i % 2];
      ctx.fillRect(x0, top, Math.max(0, x1 - x0), height);
      ctx.fillStyle = "#5b6475";
      ctx.font = Math.round(11 * devicePixelRatio) + "px system-ui, sans-serif";
      ctx.fillText("v" + r.version, x0 + 4 * devicePixelRatio, top + 13 * devicePixelRatio);
    });
    ctx.restore();
  }

  function forecastChart(d) {
    var el = document.getElementById("forecast-chart");
    var points = (d.points || []).slice().sort(function (a, b) { return a.time - b.time; });
    if (!points.length) { DW.empty(el, "No forecast matched with an actual in this range yet."); return; }
    var anomalyAt = {};
    (d.anomalies || []).forEach(function (a) { anomalyAt[a.time] = a; });
    var times = points.map(function (pt) { return pt.time; });
    (d.anomalies || []).forEach(function (a) { if (times.indexOf(a.time) < 0) times.push(a.time); });
    times.sort(function (a, b) { return a - b; });
    var byTime = {};
    points.forEach(function (pt) { byTime[pt.time] = pt; });
    function col(f) { return times.map(function (t) { return byTime[t] ? f(byTime[t]) : null; }); }
    var runs = versionRuns(points);
    DW.plot(el, {
      height: 340,
      series: [
        {},
        { label: "Actual", stroke: "#1d2330", width: 1.5, spanGaps: true },
        { label: "Forecast", stroke: "#1f5fbf", width: 1.5, spanGaps: true },
        { label: "Lower", stroke: "rgba(31,95,191,0.35)", width: 1, spanGaps: true },
        { label: "Upper", stroke: "rgba(31,95,191,0.35)", width: 1, spanGaps: true },
        { label: "Anomaly", stroke: "#b42318", fill: "#b42318", paths: function () { return null; },
          points: { show: true, size: 9, fill: "#b42318", stroke: "#fff" } }
      ],
      bands: [{ series: [4, 3], fill: "rgba(31,95,191,0.14)" }],
      axes: [{}, { size: 70 }],
      hooks: { drawClear: [function (u) { drawVersions(u, runs); }] }
    }, [times, col(function (x) { return x.actual; }), col(function (x) { return x.predicted; }),
      col(function (x) { return x.lower; }), col(function (x) { return x.upper; }),
      times.map(function (t) { return anomalyAt[t] ? anomalyAt[t].value : null; })]);
    el.setAttribute("data-points", String(points.length));
    el.setAttribute("data-anomalies", String((d.anomalies || []).length));
    el.setAttribute("data-versions", runs.map(function (r) { return r.version; }).join(","));
  }

  function driftChart(d) {
    var el = document.getElementById("drift-chart");
    var drift = (d.drift || []).slice().sort(function (a, b) { return a.time - b.time; });
    if (!drift.length) { DW.empty(el, "No drift test result in this range yet."); return; }
    var tests = [];
    drift.forEach(function (r) { if (tests.indexOf(r.test) < 0) tests.push(r.test); });
    var times = [];
    drift.forEach(function (r) { if (times.indexOf(r.time) < 0) times.push(r.time); });
    var floor = 1e-12;
    function pv(r) { return r.pValue == null ? null : Math.max(floor, r.pValue); }
    var cols = tests.map(function (t) {
      return times.map(function (x) {
        var r = drift.filter(function (z) { return z.time === x && z.test === t; })[0];
        return r ? pv(r) : null;
      });
    });
    var flagged = times.map(function (x) {
      var r = drift.filter(function (z) { return z.time === x && z.flagged; })[0];
      return r ? pv(r) : null;
    });
    var series = [{}];
    tests.forEach(function (t, i) {
      series.push({ label: t, stroke: TEST_COLOURS[i % TEST_COLOURS.length], width: 1, spanGaps: true,
        points: { show: true, size: 4 } });
    });
    series.push({ label: "Flagged", stroke: "#b42318", paths: function () { return null; },
      points: { show: true, size: 9, fill: "#b42318", stroke: "#fff" } });
    DW.plot(el, {
      height: 220,
      scales: { y: { distr: 3 } },
      series: series,
      axes: [{}, { size: 70, label: "p-value", values: DW.pValueLabels }]
    }, [times].concat(cols).concat([flagged]));
    el.setAttribute("data-points", String(drift.length));
    el.setAttribute("data-flagged", String(drift.filter(function (r) { return r.flagged; }).length));
  }

  function anomalies(d) {
    var body = document.querySelector("#anomalies tbody");
    body.innerHTML = (d.anomalies || []).slice().sort(function (a, b) { return b.time - a.time; }).map(function (a) {
      return "<tr data-testid=\"anomaly-row\"><td>" + DW.esc(DW.time(a.time)) + "</td><td class=\"num\">"
        + DW.num(a.value) + "</td><td class=\"num\">" + DW.num(a.score, 2) + "</td><td><span class=\"badge "
        + DW.esc(a.severity) + "\">" + DW.esc(a.severity) + "</span></td></tr>";
    }).join("") || "<tr><td colspan=\"4\" class=\"muted\">No anomaly in this range.</td></tr>";
  }

  function render(d) {
    lastData = d;
    var points = d.points || [];
    var versions = {};
    points.forEach(function (pt) { versions[pt.configVersion] = true; });
    document.getElementById("facts").textContent = points.length + " forecasts matched with actuals \u00b7 config "
      + Object.keys(versions).map(function (v) { return "v" + v; }).join(", ") + " \u00b7 "
      + (d.anomalies || []).length + " anomalies \u00b7 "
      + (d.drift || []).filter(function (r) { return r.flagged; }).length + " drift results flagged";
    forecastChart(d);
    driftChart(d);
    anomalies(d);
  }

  function load() {
    return DW.getJson(api()).then(function (d) {
      DW.clearError();
      var first = latest == null;
      (d.points || []).forEach(function (pt) { if (pt.time != null) latest = Math.max(latest || 0, pt.time); });
      if (first && latest != null && DW.rangeQuery(latest)) return load();
      render(d);
    }).catch(DW.showError);
  }

  if (!model || !horizon || !series) {
    DW.showError("This page needs ?model=...&horizon=...&series=... (open it from a model page).");
    return;
  }
  document.title = series + " \u00b7 " + model + ":" + horizon + " \u00b7 driftwatch";
  var link = document.getElementById("model-link");
  link.textContent = model + ":" + horizon;
  link.href = DW.modelHref(model, horizon);
  document.getElementById("crumb").textContent = series;
  document.getElementById("title").textContent = series + " (" + model + ":" + horizon + ")";
  DW.initRange(load);
  window.addEventListener("resize", function () { if (lastData) render(lastData); });
  load();
  DW.live(load);
})();
