/* Shared by the page's modules: the state, DOM helpers, dates, the tooltip, the error line. */

export const SVGNS = document.getElementById("map").namespaceURI; // the SVG namespace, without spelling it out

export const state = {
  // statuses and their labels (the conflict's parties) come from /api/meta; these are fallbacks
  statuses: ["government", "contested", "nonstate", "unknown"],
  statusLabel: {
    government: "Government", contested: "Contested", nonstate: "Non-state", unknown: "Unknown / no data",
  },
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
};

export const $ = (sel) => document.querySelector(sel);

export function h(tag, attrs, ...children) {
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

export function s(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c) node.append(c);
  return node;
}

export function showError(err) {
  const box = $("#error");
  box.textContent = String(err.message || err);
  box.hidden = false;
}

/* ------------------------------------------------------------------ dates */

export function parseDay(iso) { const [y, m, d] = iso.split("-").map(Number); return Date.UTC(y, m - 1, d); }
export function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
export function daysBetween(a, b) {
  const out = [];
  for (let t = parseDay(a); t <= parseDay(b); t += 86400000) out.push(isoDay(t));
  return out;
}
export function nice(iso) {
  if (!iso) return "undated";
  const d = new Date(parseDay(iso));
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}
export function typeLabel(t) { return (t || "").replace(/_/g, " "); }

export function showTip(e, text) {
  const tip = $("#tooltip");
  tip.textContent = text;
  tip.style.whiteSpace = "pre-line";
  tip.hidden = false;
  tip.style.left = `${Math.min(window.innerWidth - 350, e.clientX + 14)}px`;
  tip.style.top = `${e.clientY + 14}px`;
}
export function hideTip() { $("#tooltip").hidden = true; }
