/* Fleet page: every model:horizon with its status, sortable and filterable. */
"use strict";
(function () {
  var rows = [];
  var sortKey = "model";
  var sortDir = 1;
  var tenants = {};
  var STATUS_RANK = { DRIFTING: 0, DEGRADED: 1, RETRAINING: 2, ROLLED_BACK: 3, OK: 4 };

  function sortValue(m, key) {
    if (key === "lastTrigger") return m.lastTrigger ? m.lastTrigger.time : null;
    if (key === "status") return m.status in STATUS_RANK ? STATUS_RANK[m.status] : 9;
    return m[key];
  }

  function compare(a, b) {
    var x = sortValue(a, sortKey);
    var y = sortValue(b, sortKey);
    if (x == null && y == null) return 0;
    if (x == null) return 1;              // missing values last, whatever the direction
    if (y == null) return -1;
    var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    if (c === 0 && sortKey !== "model") c = String(a.model + a.horizon).localeCompare(String(b.model + b.horizon));
    return c * sortDir;
  }

  function matches(m, text) {
    if (!text) return true;
    var hay = [m.model, m.horizon, m.model + ":" + m.horizon, m.tenant, m.status,
      m.lastTrigger ? m.lastTrigger.type : ""].join(" ").toLowerCase();
    return text.toLowerCase().split(/\s+/).every(function (w) { return hay.indexOf(w) >= 0; });
  }

  function trigger(t) {
    if (!t) return "<span class=\"muted\">none</span>";
    return DW.esc(t.type.replace(/_/g, " ").toLowerCase()) + " <span class=\"badge " + DW.esc(t.severity) + "\">"
      + DW.esc(t.severity) + "</span><br><span class=\"muted\">" + DW.esc(DW.time(t.time)) + "</span>";
  }

  function render() {
    var text = document.getElementById("filter").value.trim();
    var shown = rows.filter(function (m) { return matches(m, text); }).sort(compare);
    var body = document.querySelector("#fleet tbody");
    body.innerHTML = shown.map(function (m) {
      var worse = m.recentRmse != null && m.baselineRmse != null && m.recentRmse > m.baselineRmse;
      return "<tr data-testid=\"fleet-row\" data-model=\"" + DW.esc(m.model) + "\" data-horizon=\""
        + DW.esc(m.horizon) + "\" data-status=\"" + DW.esc(m.status) + "\""
        + (m.seriesFlagged > 0 ? " class=\"flagged\"" : "") + ">"
        + "<td><a href=\"" + DW.modelHref(m.model, m.horizon) + "\">" + DW.esc(m.model) + "</a></td>"
        + "<td>" + DW.esc(m.horizon) + "</td>"
        + "<td>" + DW.esc(m.tenant || "") + "</td>"
        + "<td class=\"num\" data-testid=\"config-version\">v" + DW.esc(m.configVersion) + "</td>"
        + "<td>" + DW.statusBadge(m.status) + "</td>"
        + "<td>" + trigger(m.lastTrigger) + "</td>"
        + "<td class=\"num" + (worse ? " fail" : "") + "\">" + DW.num(m.recentRmse) + "</td>"
        + "<td class=\"num\">" + DW.num(m.baselineRmse) + "</td>"
        + "<td class=\"num\">" + DW.esc(m.seriesFlagged == null ? "\u2013" : m.seriesFlagged) + "</td>"
        + "<td class=\"num\">" + DW.esc(m.evaluations == null ? "\u2013" : m.evaluations) + "</td>"
        + "</tr>";
    }).join("") || "<tr><td colspan=\"10\" class=\"muted\">No model:horizon has been evaluated yet.</td></tr>";
    document.getElementById("summary").textContent = shown.length + " of " + rows.length + " model:horizon pairs";
    document.querySelectorAll("#fleet th").forEach(function (th) {
      if (th.getAttribute("data-key") === sortKey) {
        th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  function fillTenants() {
    var sel = document.getElementById("tenant");
    Object.keys(tenants).sort().forEach(function (t) {
      if (!sel.querySelector("option[value=\"" + CSS.escape(t) + "\"]")) {
        var o = document.createElement("option");
        o.value = t;
        o.textContent = t;
        sel.appendChild(o);
      }
    });
  }

  function load() {
    var tenant = document.getElementById("tenant").value;
    return DW.getJson("api/fleet" + (tenant ? "?tenant=" + encodeURIComponent(tenant) : "")).then(function (fleet) {
      DW.clearError();
      rows = fleet.models || [];
      rows.forEach(function (m) { if (m.tenant) tenants[m.tenant] = true; });
      fillTenants();
      render();
      document.getElementById("fleet").setAttribute("data-updated", String(fleet.updated || ""));
    }).catch(DW.showError);
  }

  document.querySelectorAll("#fleet th").forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      sortDir = key === sortKey ? -sortDir : 1;
      sortKey = key;
      render();
    });
  });
  var p = DW.params();
  if (p.get("q")) document.getElementById("filter").value = p.get("q");
  if (p.get("tenant")) {
    tenants[p.get("tenant")] = true;
    fillTenants();
    document.getElementById("tenant").value = p.get("tenant");
  }
  document.getElementById("filter").addEventListener("input", render);
  document.getElementById("tenant").addEventListener("change", function () {
    var q = DW.params();
    if (this.value) q.set("tenant", this.value); else q.delete("tenant");
    history.replaceState(null, "", "?" + q.toString());
    load();
  });
  load();
  DW.live(load);
})();
