/* The chart: districts per status over time (stacked), the parties' claims as diamonds. */

import { $, daysBetween, hideTip, isoDay, nice, parseDay, s, showTip, state } from "./util.js";

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

export function drawChart(onDay) {
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
  const order = ["nonstate", "contested", "government", "unknown"].filter((st) => state.statuses.includes(st))
    .concat(state.statuses.filter((st) => !["nonstate", "contested", "government", "unknown"].includes(st)));
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
    if (i >= 0) onDay(i);
  });
  state.chartScales = sc;
}

export function moveCursor() {
  const line = $("#chart-cursor");
  if (!line || !state.chartScales || !state.control || !state.control.date) return;
  const x = state.chartScales.x(state.control.date).toFixed(1);
  line.setAttribute("x1", x); line.setAttribute("x2", x);
}
