/* The district map: an SVG drawn from /api/districts, painted with the control of a day. */

import { $, h, nice, s, state } from "./util.js";

const MAP_W = 800;

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

export function drawMap(fc, onPick) {
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
    g.addEventListener("click", () => onPick(pc));
    g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onPick(pc); } });
    shapes.append(g);
    if (showLabels) {
      const [x, y] = centroid(f.geometry, proj);
      labels.append(s("text", { x: x.toFixed(1), y: (y + 4).toFixed(1), class: "label", text: f.properties.name }));
    }
  }
  svg.append(shapes, labels);
}

export function paintMap(control) {
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
    title.textContent = `${base} — ${state.statusLabel[status] ?? status}${how}${d && d.since ? " since " + nice(d.since) : ""}${conf}`;
  }
  $("#counts").replaceChildren(...state.statuses.map((st) =>
    h("span", { "data-testid": `count-${st}` }, h("i", { class: `swatch ${st}` }), " ", state.statusLabel[st], ": ",
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
