/* sitrep web page: district map, time slider, chart with claims, evidence panel, events table.
   Plain JavaScript, no build step; every request goes to this server's /api/. */
"use strict";

// statuses and their labels (the conflict's parties) come from /api/meta; these are fallbacks
let STATUSES = ["government", "contested", "nonstate", "unknown"];
let STATUS_LABEL = {
  government: "Government", contested: "Contested", nonstate: "Non-state", unknown: "Unknown / no data",
};
const SVGNS = document.getElementById("map").namespaceURI; // the SVG namespace, without spelling it out
const MAP_W = 800;
const PAGE = 25;

const state = {
  meta: null,
  days: [],
  dayIndex: 0,
  features: [],
  controlCache: new Map(),
  control: null,
  selected: null, // {kind: "district", pcode} | {kind: "event", id}
  panelEvents: [],
  timer: null,
  series: null,
  claims: [],
  offset: 0,
  dayRequest: 0,
  articleCache: new Map(),
};

const $ = (sel) => document.querySelector(sel);

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function s(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c) node.append(c);
  return node;
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  if (!r.ok) {
    let msg = r.statusText;
    try { msg = (await r.json()).detail || msg; } catch (_) { /* not JSON */ }
    throw new Error(`${path}: ${msg}`);
  }
  return r.json();
}

function showError(err) {
  const box = $("#error");
  box.textContent = String(err.message || err);
  box.hidden = false;
}

/* ------------------------------------------------------------------ dates */

function parseDay(iso) { const [y, m, d] = iso.split("-").map(Number); return Date.UTC(y, m - 1, d); }
function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
function daysBetween(a, b) {
  const out = [];
  for (let t = parseDay(a); t <= parseDay(b); t += 86400000) out.push(isoDay(t));
  return out;
}
function nice(iso) {
  if (!iso) return "undated";
  const d = new Date(parseDay(iso));
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}
function typeLabel(t) { return (t || "").replace(/_/g, " "); }

/* ------------------------------------------------------------------ start */

async function init() {
  try {
    const [meta, districts, claims, series] = await Promise.all([
      api("/api/meta"), api("/api/districts"), api("/api/claims"), api("/api/control/series"),
    ]);
    state.meta = meta;
    if (Array.isArray(meta.statuses) && meta.statuses.length) STATUSES = meta.statuses;
    if (meta.status_labels) STATUS_LABEL = { ...STATUS_LABEL, ...meta.status_labels };
    state.claims = claims.items;
    state.series = series;
    renderMeta(meta);
    renderLegend();
    fillFilterOptions(meta);
    drawMap(districts);
    state.days = meta.date_from && meta.date_to ? daysBetween(meta.date_from, meta.date_to) : [];
    setupSlider();
    drawChart();
    if (state.days.length) await setDay(state.days.length - 1);
    else await setDay(-1);
    await loadEvents();
    document.body.dataset.ready = "1";
  } catch (err) {
    showError(err);
    document.body.dataset.ready = "error";
  }
}

function renderMeta(meta) {
  const c = meta.counts;
  const range = meta.date_from ? `${nice(meta.date_from)} – ${nice(meta.date_to)}` : "no dated events yet";
  $("#meta").replaceChildren(
    h("span", {}, h("b", { text: c.events }), " events · ", h("b", { text: c.articles }), " articles · ",
      h("b", { text: c.claims }), " claims · ", h("b", { text: c.districts }), " districts · ",
      range, " · gazetteer: ", meta.gazetteer),
  );
}

function renderLegend() {
  $("#legend").replaceChildren(...STATUSES.map((st) =>
    h("span", { "data-testid": `legend-${st}` }, h("i", { class: `swatch ${st}` }), STATUS_LABEL[st])));
}

function fillFilterOptions(meta) {
  const typeSel = $("#filters select[name=type]");
  for (const t of meta.event_types) typeSel.append(h("option", { value: t, text: typeLabel(t) }));
  const modSel = $("#filters select[name=modality]");
  for (const m of meta.modalities) modSel.append(h("option", { value: m, text: m }));
  const actor = $("#filters input[name=actor]");
  if (actor && meta.conflict && meta.conflict.nonstate) actor.placeholder = meta.conflict.nonstate;
}

/* ------------------------------------------------------------------ map */

function rings(geom) {
  if (geom.type === "Polygon") return geom.coordinates;
  if (geom.type === "MultiPolygon") return geom.coordinates.flat();
  return [];
}

function makeProjection(bbox) {
  let [minx, miny, maxx, maxy] = bbox || [0, 0, 1, 1];
  if (maxx - minx < 1e-6) { minx -= 0.5; maxx += 0.5; }
  if (maxy - miny < 1e-6) { miny -= 0.5; maxy += 0.5; }
  const kx = Math.cos(((miny + maxy) / 2) * Math.PI / 180); // equirectangular, true scale at mid-latitude
  const wDeg = (maxx - minx) * kx;
  const hDeg = maxy - miny;
  const pad = 24;
  const height = Math.round(Math.min(620, Math.max(340, MAP_W * hDeg / wDeg)));
  const scale = Math.min((MAP_W - 2 * pad) / wDeg, (height - 2 * pad) / hDeg);
  const ox = (MAP_W - wDeg * scale) / 2;
  const oy = (height - hDeg * scale) / 2;
  return {
    height,
    p: (lon, lat) => [ox + (lon - minx) * kx * scale, oy + (maxy - lat) * scale],
  };
}

function pathOf(geom, proj) {
  return rings(geom).map((ring) =>
    ring.map(([x, y], i) => { const [px, py] = proj.p(x, y); return `${i ? "L" : "M"}${px.toFixed(1)},${py.toFixed(1)}`; })
      .join("") + "Z").join("");
}

function hull(points) { // convex hull (monotone chain) of [x, y] points
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower = []; const upper = [];
  for (const p of pts) { while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop(); lower.push(p); }
  for (const p of pts.reverse()) { while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop(); upper.push(p); }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

function centroid(geom, proj) {
  if (geom.type === "Point") return proj.p(...geom.coordinates);
  let best = null; let bestArea = -1;
  for (const ring of rings(geom)) {
    const pts = ring.map(([x, y]) => proj.p(x, y));
    let a = 0; let cx = 0; let cy = 0;
    for (let i = 0; i < pts.length - 1; i++) {
      const f = pts[i][0] * pts[i + 1][1] - pts[i + 1][0] * pts[i][1];
      a += f; cx += (pts[i][0] + pts[i + 1][0]) * f; cy += (pts[i][1] + pts[i + 1][1]) * f;
    }
    if (Math.abs(a) > bestArea && a !== 0) { bestArea = Math.abs(a); best = [cx / (3 * a), cy / (3 * a)]; }
  }
  return best || [0, 0];
}

function drawMap(fc) {
  const svg = $("#map");
  state.features = fc.features;
  const proj = makeProjection(fc.bbox);
  svg.setAttribute("viewBox", `0 0 ${MAP_W} ${proj.height}`);
  svg.replaceChildren();
  if (!fc.features.length) {
    svg.append(s("text", { x: MAP_W / 2, y: proj.height / 2, class: "empty", text: "The gazetteer has no districts." }));
    return;
  }
  const points = fc.features.every((f) => f.geometry.type === "Point");
  if (fc.outline) {
    svg.append(s("path", { d: pathOf(fc.outline, proj), class: "outline", "data-testid": "outline", "fill-rule": "evenodd" }));
  } else if (points && fc.features.length >= 3) { // no outline in the gazetteer: the points' hull, padded
    const pts = hull(fc.features.map((f) => proj.p(...f.geometry.coordinates)));
    const cx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
    const cy = pts.reduce((a, p) => a + p[1], 0) / pts.length;
    const grown = pts.map(([x, y]) => { const dx = x - cx; const dy = y - cy; const d = Math.hypot(dx, dy) || 1; return [x + dx / d * 16, y + dy / d * 16]; });
    svg.append(s("path", { d: grown.map((p, i) => `${i ? "L" : "M"}${p[0].toFixed(1)},${p[1].toFixed(1)}`).join("") + "Z", class: "outline", "data-testid": "outline" }));
  }
  const shapes = s("g", { class: "districts" });
  const labels = s("g", { class: "labels" });
  const showLabels = fc.features.length <= 60 && !points;
  for (const f of fc.features) {
    const pc = f.properties.pcode;
    const title = s("title", { text: `${f.properties.name}${f.properties.admin1 ? ", " + f.properties.admin1 : ""} (${pc})` });
    let shape;
    if (f.geometry.type === "Point") {
      const [x, y] = proj.p(...f.geometry.coordinates);
      shape = s("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: points && fc.features.length > 150 ? 4 : 6.5, class: "shape" });
    } else {
      shape = s("path", { d: pathOf(f.geometry, proj), class: "shape", "fill-rule": "evenodd" });
    }
    const g = s("g", { class: "district", "data-pcode": pc, "data-testid": `district-${pc}`, "data-status": "unknown", tabindex: "0", role: "button", "aria-label": f.properties.name }, shape, title);
    g.addEventListener("click", () => openDistrict(pc));
    g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openDistrict(pc); } });
    shapes.append(g);
    if (showLabels) {
      const [x, y] = centroid(f.geometry, proj);
      labels.append(s("text", { x: x.toFixed(1), y: (y + 4).toFixed(1), class: "label", text: f.properties.name }));
    }
  }
  svg.append(shapes, labels);
}

function paintMap(control) {
  const byCode = new Map(control.districts.map((d) => [d.admin2_pcode, d]));
  for (const g of document.querySelectorAll("#map .district")) {
    const d = byCode.get(g.dataset.pcode);
    const status = d ? d.status : "unknown";
    g.dataset.status = status;
    const title = g.querySelector("title");
    const base = title.textContent.split(" — ")[0];
    g.dataset.claimed = d && d.claimed ? "1" : "";
    const how = d && d.claimed ? " (claimed)" : "";
    const conf = d && d.confidence != null ? `, confidence ${Math.round(d.confidence * 100)}%` : "";
    title.textContent = `${base} — ${STATUS_LABEL[status] ?? status}${how}${d && d.since ? " since " + nice(d.since) : ""}${conf}`;
  }
  $("#counts").replaceChildren(...STATUSES.map((st) =>
    h("span", { "data-testid": `count-${st}` }, h("i", { class: `swatch ${st}` }), " ", STATUS_LABEL[st], ": ",
      h("b", { text: control.counts[st] ?? 0 }))));
  // what the map could not use, and why (undated articles, province-level reports)
  const kept = control.kept_out || {};
  const why = { undated: "undated", no_district: "province or country level", other_country: "outside the map" };
  const parts = Object.entries(kept).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${why[k] || k}`);
  if (parts.length) {
    $("#counts").append(h("span", { class: "kept-out", "data-testid": "kept-out",
      title: "control events not on the map: articles without a publication date whose text does not date the event; " +
        "reports placed only at province or country level (other than a provincial capital)" },
    `not on the map: ${parts.join(", ")}`));
  }
}

/* ------------------------------------------------------------------ time */

function setupSlider() {
  const slider = $("#slider");
  slider.max = Math.max(0, state.days.length - 1);
  slider.dataset.first = state.days[0] || "";
  slider.disabled = state.days.length < 2;
  $("#play").disabled = state.days.length < 2;
  slider.addEventListener("input", () => { stop(); setDay(Number(slider.value)); });
  $("#play").addEventListener("click", () => (state.timer ? stop() : play()));
}

async function controlFor(day) {
  const key = day || "";
  if (!state.controlCache.has(key)) {
    state.controlCache.set(key, api(day ? `/api/control?date=${day}` : "/api/control").catch((e) => {
      state.controlCache.delete(key); throw e;
    }));
  }
  return state.controlCache.get(key);
}

async function setDay(i) {
  const day = i >= 0 ? state.days[i] : null;
  state.dayIndex = i;
  const slider = $("#slider");
  if (i >= 0) slider.value = i;
  $("#slider-label").textContent = day ? nice(day) : "";
  const req = ++state.dayRequest;
  try {
    const control = await controlFor(day);
    if (req !== state.dayRequest) return; // a later day was asked for meanwhile
    state.control = control;
    $("#current-date").textContent = control.date ? nice(control.date) : "–";
    $("#map").dataset.date = control.date || "";
    paintMap(control);
    moveCursor();
    updateDownloads(filterParams());
    if (state.selected && state.selected.kind === "district") updatePanelForDay();
  } catch (err) { showError(err); }
}

function play() {
  if (state.days.length < 2) return;
  if (state.dayIndex >= state.days.length - 1) setDay(0);
  $("#play").textContent = "❚❚ Pause";
  $("#play").setAttribute("aria-label", "Pause");
  state.timer = setInterval(() => {
    if (state.dayIndex >= state.days.length - 1) { stop(); return; }
    setDay(state.dayIndex + 1);
  }, 450);
}

function stop() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  $("#play").textContent = "▶ Play";
  $("#play").setAttribute("aria-label", "Play");
}

/* ------------------------------------------------------------------ chart */

const CH = { w: 1000, h: 250, l: 46, r: 46, t: 26, b: 28 };

function chartScales() {
  const items = state.series ? state.series.items : [];
  const dates = items.map((p) => p.date).concat(state.claims.map((c) => c.date).filter(Boolean));
  if (!dates.length) return null;
  dates.sort();
  let t0 = parseDay(dates[0]); let t1 = parseDay(dates[dates.length - 1]);
  if (t1 === t0) { t0 -= 86400000; t1 += 86400000; }
  const total = Math.max(1, state.series ? state.series.districts : 1);
  return {
    total,
    x: (iso) => CH.l + (parseDay(iso) - t0) / (t1 - t0) * (CH.w - CH.l - CH.r),
    y: (n) => CH.h - CH.b - n / total * (CH.h - CH.t - CH.b),
    day: (px) => isoDay(t0 + Math.round((px - CH.l) / (CH.w - CH.l - CH.r) * (t1 - t0) / 86400000) * 86400000),
  };
}

function claimText(c) {
  const metric = {
    share_of_territory: "% of the territory", districts_controlled: " districts",
    share_of_districts: "% of the districts", withdrawal_progress: "% of the withdrawal done",
  }[c.metric] || ` (${c.metric})`;
  const who = c.claimant || c.source || "unattributed";
  const subj = c.subject && c.metric !== "withdrawal_progress" ? ` held by ${c.subject}` : "";
  return `${who}, ${nice(c.date)}: ${c.value}${metric}${subj}`;
}

function drawChart() {
  const svg = $("#chart");
  svg.replaceChildren();
  const sc = chartScales();
  if (!sc) {
    svg.append(s("text", { x: CH.w / 2, y: CH.h / 2, "text-anchor": "middle", class: "axis", fill: "#6a7383", text: "No dated events yet." }));
    return;
  }
  const items = state.series.items;
  // grid and axes: districts on the left, percent of districts on the right
  const grid = s("g", { class: "grid axis" });
  for (let k = 0; k <= 4; k++) {
    const n = sc.total * k / 4;
    const y = sc.y(n);
    grid.append(s("line", { x1: CH.l, x2: CH.w - CH.r, y1: y, y2: y }));
    grid.append(s("text", { x: CH.l - 6, y: y + 4, "text-anchor": "end", text: Math.round(n) }));
    grid.append(s("text", { x: CH.w - CH.r + 6, y: y + 4, text: `${k * 25}%` }));
  }
  svg.append(grid);
  // stacked areas, the non-state side at the bottom
  const order = ["nonstate", "contested", "government", "unknown"].filter((st) => STATUSES.includes(st))
    .concat(STATUSES.filter((st) => !["nonstate", "contested", "government", "unknown"].includes(st)));
  if (items.length) {
    const pts = (p) => [p.date, p.counts];
    const steps = [];
    items.forEach((p, i) => { // step shape: a status holds until the next day
      steps.push(pts(p));
      const next = items[i + 1];
      if (next) steps.push([next.date, p.counts]);
    });
    let base = steps.map(() => 0);
    for (const st of order) {
      const top = steps.map(([, c], i) => base[i] + (c[st] || 0));
      const up = steps.map(([d], i) => `${sc.x(d).toFixed(1)},${sc.y(top[i]).toFixed(1)}`);
      const down = steps.map(([d], i) => `${sc.x(d).toFixed(1)},${sc.y(base[i]).toFixed(1)}`).reverse();
      svg.append(s("polygon", { points: up.concat(down).join(" "), class: `area ${st}`, "data-testid": `area-${st}` }));
      base = top;
    }
  }
  // x axis labels
  const xa = s("g", { class: "axis" });
  const first = items.length ? items[0].date : state.claims.find((c) => c.date).date;
  const last = items.length ? items[items.length - 1].date : first;
  const all = daysBetween(first, last);
  const every = Math.max(1, Math.ceil(all.length / 8));
  all.forEach((d, i) => {
    if (i % every) return;
    xa.append(s("text", { x: sc.x(d), y: CH.h - 8, "text-anchor": "middle", text: nice(d).replace(/ \d{4}$/, "") }));
  });
  svg.append(xa);
  // claims: a diamond at the claimed value (percent on the right axis, counts on the left)
  const claims = s("g", { class: "claims" });
  state.claims.filter((c) => c.date).forEach((c, i) => {
    const x = sc.x(c.date);
    let y;
    if (c.metric === "districts_controlled") y = sc.y(Math.min(c.value, sc.total));
    else if (c.metric === "withdrawal_progress") y = CH.t - 8;
    else y = sc.y(Math.min(100, c.value) / 100 * sc.total);
    const g = s("g", { class: "claim", "data-testid": "claim-marker", "data-claim-id": c.id, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})` },
      s("title", { text: claimText(c) }),
      s("path", { d: "M0,-6L6,0L0,6L-6,0Z" }),
    );
    g.addEventListener("mousemove", (e) => showTip(e, `${claimText(c)}\n“${c.evidence.text}”`));
    g.addEventListener("mouseleave", hideTip);
    claims.append(s("line", { x1: x, x2: x, y1: y + 6, y2: CH.h - CH.b, class: "claim-stem" }));
    claims.append(g);
    const label = c.unit === "percent" ? `${c.value}%` : String(c.value);
    const right = x > CH.w - CH.r - 140;
    claims.append(s("text", {
      x: right ? x - 9 : x + 9, y: y - 6 - (i % 2) * 10, class: "claim-label", "text-anchor": right ? "end" : "start",
      text: `${c.claimant || c.source || ""} ${label}`.trim(),
    }));
  });
  svg.append(claims);
  svg.append(s("line", { class: "cursor", id: "chart-cursor", y1: CH.t - 4, y2: CH.h - CH.b, x1: -10, x2: -10 }));
  svg.addEventListener("click", (e) => {
    if (e.target.closest(".claim")) return;
    const pt = svg.createSVGPoint(); pt.x = e.clientX; pt.y = e.clientY;
    const local = pt.matrixTransform(svg.getScreenCTM().inverse());
    const i = state.days.indexOf(sc.day(local.x));
    if (i >= 0) { stop(); setDay(i); }
  });
  state.chartScales = sc;
}

function moveCursor() {
  const line = $("#chart-cursor");
  if (!line || !state.chartScales || !state.control || !state.control.date) return;
  const x = state.chartScales.x(state.control.date).toFixed(1);
  line.setAttribute("x1", x); line.setAttribute("x2", x);
}

function showTip(e, text) {
  const tip = $("#tooltip");
  tip.textContent = text;
  tip.style.whiteSpace = "pre-line";
  tip.hidden = false;
  tip.style.left = `${Math.min(window.innerWidth - 350, e.clientX + 14)}px`;
  tip.style.top = `${e.clientY + 14}px`;
}
function hideTip() { $("#tooltip").hidden = true; }

/* ------------------------------------------------------------------ evidence panel */

function featureOf(pcode) { return state.features.find((f) => f.properties.pcode === pcode); }

async function openDistrict(pcode) {
  state.selected = { kind: "district", pcode };
  for (const g of document.querySelectorAll("#map .district")) {
    g.classList.toggle("selected", g.dataset.pcode === pcode);
    if (g.dataset.pcode === pcode) g.parentNode.append(g); // on top, so its outline shows whole
  }
  const f = featureOf(pcode);
  const name = f ? f.properties.name : pcode;
  const panel = $("#panel");
  panel.dataset.pcode = pcode;
  panel.replaceChildren(h("div", { class: "panel-head" },
    h("h2", { "data-testid": "panel-title", text: name }),
    h("div", { class: "sub", id: "panel-sub" }, f && f.properties.admin1 ? `${f.properties.admin1} province · ` : "", pcode)),
  h("p", { class: "muted", text: "Loading events…" }));
  try {
    const page = await api(`/api/events?district=${encodeURIComponent(pcode)}&limit=500`);
    if (!state.selected || state.selected.pcode !== pcode) return;
    await renderPanelEvents(page.items, page.total);
    updatePanelForDay();
  } catch (err) { showError(err); }
}

async function openEvent(ev) {
  const pc = ev.location && ev.location.admin2_pcode;
  if (pc && featureOf(pc)) { openDistrict(pc); return; }
  state.selected = { kind: "event", id: ev.id };
  for (const g of document.querySelectorAll("#map .district")) g.classList.remove("selected");
  const loc = ev.location || {};
  $("#panel").replaceChildren(h("div", { class: "panel-head" },
    h("h2", { "data-testid": "panel-title", text: loc.admin2 || loc.place || loc.admin1 || loc.country || "Event" }),
    h("div", { class: "sub" }, [loc.admin1, loc.country].filter(Boolean).join(", "))));
  await renderPanelEvents([ev], 1);
}

function sortEvents(items) {
  return [...items].sort((a, b) => (a.date || "9999").localeCompare(b.date || "9999") || a.id - b.id);
}

async function renderPanelEvents(items, total) {
  const panel = $("#panel");
  panel.querySelectorAll(":scope > p, :scope > .event, :scope > .events").forEach((n) => n.remove());
  const events = sortEvents(items);
  state.panelEvents = events;
  if (!events.length) {
    panel.append(h("p", { class: "muted", "data-testid": "no-events", text: "No events recorded in this district." }));
    return;
  }
  const list = h("div", { class: "events", "data-testid": "panel-events" });
  panel.append(h("p", { class: "muted", text: `${total} event${total === 1 ? "" : "s"}, in date order.` }), list);
  const details = await Promise.all(events.map((e) => api(`/api/events/${e.id}`).catch(() => e)));
  const articleIds = [...new Set(details.flatMap((d) => (d.reports && d.reports.length ? d.reports : [d]).map((r) => r.article_id)))];
  await Promise.all(articleIds.map((id) => articleText(id)));
  for (const ev of details) list.append(await eventCard(ev));
  for (const box of list.querySelectorAll(".article-text")) scrollToMark(box);
}

async function articleText(id) {
  if (!state.articleCache.has(id)) {
    state.articleCache.set(id, api(`/api/articles/${encodeURIComponent(id)}`).catch(() => null));
  }
  return state.articleCache.get(id);
}

function actorsOf(ev) {
  if (ev.actor1 && ev.actor2) return `${ev.actor1} vs ${ev.actor2}`;
  return ev.actor1 || ev.actor2 || "actor not named";
}

async function eventCard(ev) {
  const loc = ev.location || {};
  const where = [loc.place, loc.admin2, loc.admin1].filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(", ");
  const reports = ev.reports && ev.reports.length ? ev.reports : [{
    article_id: ev.article_id, evidence: ev.evidence, modality: ev.modality, source: (ev.sources || [])[0],
  }];
  const card = h("article", { class: `event type-${ev.type}`, "data-testid": "panel-event", "data-event-id": ev.id, "data-date": ev.date || "" },
    h("div", { class: "event-title" },
      h("span", { "data-testid": "event-type", text: typeLabel(ev.type) }),
      h("span", { class: "event-date", text: ev.date ? nice(ev.date) + (ev.date_precision && ev.date_precision !== "day" ? ` (${ev.date_precision})` : "") : "undated" })),
    h("div", { class: "event-meta" },
      h("span", { class: `badge ${ev.modality}`, "data-testid": "event-modality", text: ev.modality }),
      h("span", { class: "badge", "data-testid": "event-corroboration", title: "Reports (articles) merged into this event", text: `${ev.corroboration} report${ev.corroboration === 1 ? "" : "s"}` }),
      ev.transfer && ev.transfer !== "unknown" ? h("span", { class: "badge", text: `${ev.transfer} transfer` }) : null,
      " ", actorsOf(ev), where ? ` · ${where}` : "",
      ev.fatalities !== null && ev.fatalities !== undefined ? ` · ${ev.fatalities} killed` : "",
      (ev.sources || []).length ? h("div", { "data-testid": "event-sources" }, "Sources: ", ev.sources.join(", ")) : null),
  );
  for (const r of reports) {
    const art = await articleText(r.article_id);
    const head = h("div", { class: "report-source", "data-testid": "report-source" },
      h("b", { text: r.source || (art && art.source) || "unknown source" }),
      art && art.title ? ` — ${art.title}` : "",
      r.published || (art && art.published) ? ` · ${nice(r.published || art.published)}` : "",
      r.attributed_to ? ` · according to ${r.attributed_to}` : "",
      r.modality && r.modality !== ev.modality ? ` · ${r.modality}` : "");
    const box = h("div", { class: "article-text", "data-testid": "article-text" });
    const ev_ = r.evidence;
    if (art && art.text && ev_ && ev_.start >= 0 && ev_.end <= art.text.length && ev_.end > ev_.start) {
      box.append(art.text.slice(0, ev_.start), h("mark", { "data-testid": "evidence", text: art.text.slice(ev_.start, ev_.end) }), art.text.slice(ev_.end));
    } else if (ev_) {
      box.append(h("mark", { "data-testid": "evidence", text: ev_.text }));
    }
    card.append(h("div", { class: "report" }, head, box));
  }
  return card;
}

function scrollToMark(box) {
  const mark = box.querySelector("mark");
  if (mark) box.scrollTop = Math.max(0, mark.offsetTop - 24);
}

function updatePanelForDay() {
  if (!state.control || !state.selected || state.selected.kind !== "district") return;
  const d = state.control.districts.find((x) => x.admin2_pcode === state.selected.pcode);
  const status = d ? d.status : "unknown";
  const sub = $("#panel-sub");
  if (sub) {
    sub.querySelector(".status-pill")?.parentElement?.remove();
    sub.append(h("div", {}, h("span", { class: `status-pill ${status}`, "data-testid": "panel-status", text: STATUS_LABEL[status] }),
      ` on ${nice(state.control.date)}`, d && d.since ? ` (since ${nice(d.since)})` : "",
      d && d.claimed ? " · claimed, unconfirmed" : "",
      d && d.confidence != null ? ` · confidence ${Math.round(d.confidence * 100)}%` : ""));
  }
  const behind = new Set(d ? d.event_ids : []);
  const day = state.control.date;
  for (const card of document.querySelectorAll("#panel .event")) {
    card.classList.toggle("later", Boolean(day && card.dataset.date && card.dataset.date > day));
    card.classList.toggle("behind", behind.has(Number(card.dataset.eventId)));
  }
}

/* ------------------------------------------------------------------ events table */

function filterParams() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData($("#filters"))) if (String(v).trim()) params.set(k, String(v).trim());
  return params;
}

function updateDownloads(params) {
  for (const a of document.querySelectorAll("#downloads a[data-export]")) {
    const p = new URLSearchParams(params);
    if (a.dataset.export === "districts.geojson") {
      for (const k of [...p.keys()]) p.delete(k);
      if (state.control && state.control.date) p.set("date", state.control.date);
    }
    const q = p.toString();
    a.href = `/api/export/${a.dataset.export}${q ? "?" + q : ""}`;
  }
}

async function loadEvents() {
  const params = filterParams();
  updateDownloads(params);
  params.set("limit", PAGE);
  params.set("offset", state.offset);
  const tbody = $("#events-table tbody");
  try {
    const page = await api(`/api/events?${params}`);
    $("#events-total").textContent = `(${page.total})`;
    tbody.replaceChildren(...page.items.map((ev) => {
      const loc = ev.location || {};
      const tr = h("tr", { "data-testid": "event-row", "data-event-id": ev.id },
        h("td", { text: ev.date || "–" }),
        h("td", { text: typeLabel(ev.type) }),
        h("td", { text: actorsOf(ev) }),
        h("td", { text: [loc.admin2 || loc.place, loc.admin1].filter(Boolean).join(", ") || loc.country || "–" }),
        h("td", {}, h("span", { class: `badge ${ev.modality}`, text: ev.modality })),
        h("td", { class: "num", text: ev.corroboration }),
        h("td", { text: (ev.sources || []).join(", ") }),
        h("td", { class: "evidence", text: ev.evidence.text.length > 180 ? ev.evidence.text.slice(0, 177) + "…" : ev.evidence.text }));
      tr.addEventListener("click", () => openEvent(ev));
      return tr;
    }));
    if (!page.items.length) tbody.append(h("tr", {}, h("td", { colspan: 8, class: "muted", text: "No events match these filters." })));
    const last = Math.min(page.total, state.offset + page.items.length);
    $("#page-info").textContent = page.total ? `${state.offset + 1}–${last} of ${page.total}` : "";
    $("#prev").disabled = state.offset === 0;
    $("#next").disabled = last >= page.total;
  } catch (err) { showError(err); }
}

$("#filters").addEventListener("submit", (e) => { e.preventDefault(); state.offset = 0; loadEvents(); });
$("#filters").addEventListener("reset", () => setTimeout(() => { state.offset = 0; loadEvents(); }, 0));
$("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents(); });
$("#next").addEventListener("click", () => { state.offset += PAGE; loadEvents(); });

init();
