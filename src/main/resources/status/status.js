// The status page (docs/status-page.md): polls /status/data every few seconds and draws it. No library, nothing
// loaded from elsewhere; every text goes in through textContent, never as HTML. The render functions are pure
// (data in, DOM out) and exposed as window.StatusPage, so the browser test can check them on shapes it makes.
(function () {
  "use strict";
  var REFRESH_MS = 5000;
  var SVG = "http://www.w3.org/2000/svg";
  var POOLS = ["standard", "core"];
  var LEGACY_POOLS = ["standard", "premium"]; // the older scheme's usage (docs/quota.md QU2)
  var WINDOWS = { fiveHour: "5 h", weekly: "week", monthly: "month" };
  var CLASSES = ["2xx", "4xx", "5xx", "other"];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function time(iso) {
    if (!iso) return "";
    var d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : d.toLocaleString(undefined, {
      month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  }

  function percent(n) {
    var v = Math.round(Number(n) * 10) / 10;
    return (isFinite(v) ? v : 0) + " %";
  }

  /**
   * SP9: one bar per quota window of the /health quota shape (docs/quota.md QU7: {standard: {fiveHour:
   * {usedPercent, resetsAt}, weekly, monthly}, core: {...}, checkedAt, exhausted, error, failedAt}; on the older
   * billing scheme {scheme: "legacy", windows: "unknown", legacy: {standard: {usedPercent}, ...}}), or "quota
   * unknown" when the credential has none. Pools and windows are read by name, in a fixed order, so that a field
   * added to the shape later is never drawn as a pool.
   */
  function quotaBars(quota) {
    var box = el("div", "quota");
    if (!quota || typeof quota !== "object") {
      box.appendChild(el("span", "muted quota-unknown", "quota unknown"));
      return box;
    }
    var exhausted = Array.isArray(quota.exhausted) ? quota.exhausted : [];
    POOLS.forEach(function (pool) {
      var windows = quota[pool];
      if (!windows || typeof windows !== "object") return;
      Object.keys(WINDOWS).forEach(function (name) {
        var w = windows[name];
        if (!w || typeof w !== "object") return;
        var out = exhausted.indexOf(pool + "." + name) >= 0;
        box.appendChild(quotaRow(pool + "." + name, pool + " · " + WINDOWS[name], w.usedPercent, out, w.resetsAt));
      });
    });
    if (quota.scheme === "legacy" && quota.legacy && typeof quota.legacy === "object") {
      LEGACY_POOLS.forEach(function (pool) {
        var used = quota.legacy[pool] && quota.legacy[pool].usedPercent;
        if (used !== undefined) box.appendChild(quotaRow("legacy." + pool, pool + " · usage", used, false, null));
      });
      box.appendChild(el("div", "muted quota-legacy", "older billing scheme: windows unknown"));
    }
    if (quota.error) {
      box.appendChild(el("div", "quota-error", "quota check failed: " + quota.error
        + (quota.failedAt ? " · " + time(quota.failedAt) : "")));
    }
    if (quota.checkedAt) box.appendChild(el("div", "muted quota-checked", "checked " + time(quota.checkedAt)));
    if (!box.firstChild) box.appendChild(el("span", "muted quota-unknown", "quota unknown"));
    return box;
  }

  function quotaRow(id, label, usedPercent, out, resetsAt) {
    var used = Math.max(0, Math.min(100, Number(usedPercent) || 0));
    var row = el("div", "quota-row" + (out ? " exhausted" : ""));
    row.setAttribute("data-window", id);
    row.appendChild(el("span", "quota-label", label));
    var bar = el("span", "bar");
    var fill = el("span", "fill " + (out || used >= 90 ? "high" : used >= 70 ? "mid" : "low"));
    fill.style.width = used + "%";
    bar.appendChild(fill);
    row.appendChild(bar);
    row.appendChild(el("span", "quota-value", percent(usedPercent) + (out ? " · exhausted" : "")
      + (resetsAt ? (out ? " until " : " · resets ") + time(resetsAt) : "")));
    return row;
  }

  /** SP6: stacked bars, one per 10-s bucket, oldest left. */
  function chart(requests) {
    var buckets = (requests && requests.buckets) || [];
    var width = 720, height = 150, top = 12, bottom = 20, left = 34;
    var max = 1;
    buckets.forEach(function (b) {
      max = Math.max(max, CLASSES.reduce(function (s, c) { return s + (b[c] || 0); }, 0));
    });
    var root = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "requests per 10 seconds" });
    var plot = height - top - bottom;
    [0, 0.5, 1].forEach(function (f) {
      var y = top + plot - f * plot;
      root.appendChild(svg("line", { x1: left, x2: width, y1: y, y2: y, "class": "grid" }));
      var label = svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", "class": "axis" });
      label.textContent = String(Math.round(max * f * 10) / 10);
      root.appendChild(label);
    });
    var slot = (width - left) / Math.max(1, buckets.length);
    buckets.forEach(function (b, i) {
      var y = top + plot;
      CLASSES.forEach(function (c) {
        var n = b[c] || 0;
        if (!n) return;
        var h = n / max * plot;
        y -= h;
        var rect = svg("rect", { x: left + i * slot + 1, y: y, width: Math.max(1, slot - 2), height: h,
          "class": "c" + c });
        var tip = svg("title", {});
        tip.textContent = time(b.start) + " · " + c + ": " + n;
        rect.appendChild(tip);
        root.appendChild(rect);
      });
    });
    var seconds = (requests && requests.bucketSeconds) || 10;
    [[left, "start", "−" + Math.round(buckets.length * seconds / 60) + " min"], [width, "end", "now"]]
      .forEach(function (a) {
        var t = svg("text", { x: a[0], y: height - 4, "text-anchor": a[1], "class": "axis" });
        t.textContent = a[2];
        root.appendChild(t);
      });
    return root;
  }

  function rows(table, items, cells) {
    var body = document.querySelector(table + " tbody");
    body.replaceChildren();
    items.forEach(function (item) {
      var tr = el("tr");
      cells(item).forEach(function (cell) {
        var td = el("td");
        if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === undefined ? "" : cell;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (!items.length) {
      var tr = el("tr", "empty");
      var td = el("td", "muted", "none");
      td.colSpan = document.querySelectorAll(table + " thead th").length;
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }

  function state(s) {
    return el("span", "state " + String(s || "unknown").replace(/[^a-z_]/g, ""), String(s || "unknown")
      .replace(/_/g, " "));
  }

  function credentialState(c) {
    var box = el("div");
    box.appendChild(state(c.state));
    var detail = [];
    if (c.usableInMs !== undefined) detail.push("usable in " + Math.ceil(c.usableInMs / 1000) + " s");
    if (c.status !== undefined) detail.push("refused " + c.status);
    if (c.recheckInMs !== undefined) detail.push("recheck in " + Math.ceil(c.recheckInMs / 1000) + " s");
    if (c.reason) detail.push(c.reason);
    if (c.expiresAt) detail.push("token until " + time(c.expiresAt));
    if (detail.length) box.appendChild(el("div", "muted detail", detail.join(" · ")));
    return box;
  }

  /** Draws one /status/data answer. */
  function render(data) {
    var health = document.getElementById("health");
    health.textContent = data.status || "unknown";
    health.className = "pill " + (data.status === "healthy" ? "ok" : "bad");
    document.getElementById("sandbox").hidden = !data.sandbox;
    document.getElementById("updated").textContent = "updated " + new Date(data.generatedAt)
      .toLocaleTimeString(undefined, { hourCycle: "h23" }) + " · up " + duration(data.uptime);
    var req = data.requests || {};
    document.getElementById("requests").textContent = req.requests === undefined ? "–" : req.requests;
    document.getElementById("errors").textContent = req.errors === undefined ? "–" : req.errors;
    document.getElementById("errors").className = "value" + (req.errors > 0 ? " bad" : "");
    document.getElementById("open-streams").textContent = data.openStreams;
    var cc = data.chatCompletions;
    document.getElementById("chat-completions").textContent = cc
      ? cc.requests + " · " + cc.errors + (cc.errors === 1 ? " error" : " errors") : "metrics off";
    var chartBox = document.getElementById("chart");
    chartBox.replaceChildren(chart(req));

    var creds = data.credentials || {};
    var keys = creds.keys || [];
    var usable = keys.filter(function (k) { return k.state === "usable"; }).length;
    document.getElementById("usable").textContent = creds.mode === "pool" ? usable + " / " + keys.length
      : creds.mode || "–";
    document.getElementById("credentials-mode").textContent = creds.mode === "passthrough"
      ? "(passthrough: each client sends its own Factory key)" : creds.reason ? "(" + creds.reason + ")" : "";
    rows("#credentials", keys, function (c) {
      return [el("code", null, c.id), String(c.kind || "").replace(/_/g, " "), credentialState(c),
        quotaBars(c.quota)];
    });
    var routes = data.routes || {};
    rows("#routes", Object.keys(routes), function (name) {
      var r = routes[name] || {};
      return [name, labelled(r), time(r.at)];
    });
    var failure = document.getElementById("first-failure");
    failure.hidden = !data.firstFailure;
    failure.textContent = data.firstFailure ? "First failed call (" + data.firstFailure.route + "): "
      + (data.firstFailure.cause || data.firstFailure.state) : "";
    rows("#nodes", data.nodes || [], function (n) {
      var name = el("span", null, n.address);
      if (n.self) name.appendChild(el("span", "pill small", "this node"));
      return [name, n.id || "", (n.roles || []).join(", ") || "—"];
    });
    rows("#models", data.models || [], function (m) { return [el("code", null, m.id), m.route, m.provider]; });
  }

  function labelled(route) {
    var cls = route.state === "reachable" ? "usable" : route.state === "not called yet" ? "idle" : "set_aside";
    return el("span", "state " + cls, route.state || "unknown");
  }

  function duration(seconds) {
    var s = Number(seconds) || 0;
    if (s < 120) return s + " s";
    if (s < 7200) return Math.round(s / 60) + " min";
    return Math.round(s / 360) / 10 + " h";
  }

  function refresh() {
    return fetch("/status/data", { cache: "no-store", credentials: "same-origin" }).then(function (r) {
      if (r.status === 401) { window.location.reload(); return null; }
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      if (!data) return;
      render(data);
      document.getElementById("stale").hidden = true;
      document.body.setAttribute("data-loaded", data.generatedAt);
    }).catch(function (err) {
      var stale = document.getElementById("stale");
      stale.hidden = false;
      stale.textContent = "Could not refresh (" + err.message + "); showing the last answer.";
    });
  }

  var timer = null;
  /** Stops polling (the browser test's screenshot holds one drawn answer still). */
  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  window.StatusPage = { quotaBars: quotaBars, chart: chart, render: render, refresh: refresh, stop: stop };
  if (document.getElementById("chart")) {
    refresh();
    timer = setInterval(refresh, REFRESH_MS);
  }
})();
