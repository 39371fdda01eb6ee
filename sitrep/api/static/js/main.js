/* sitrep web page: district map, time slider, chart with claims, evidence panel, events table.
   Plain JavaScript modules, no build step; every request goes to this server's /api/. */

import { api, controlFor } from "./api.js";
import { drawChart, moveCursor } from "./chart.js";
import { drawMap, paintMap } from "./map.js";
import { openDistrict, updatePanelForDay } from "./panel.js";
import { filterParams, loadEvents, setupTable, updateDownloads } from "./table.js";
import { $, daysBetween, h, nice, showError, state, typeLabel } from "./util.js";

async function init() {
  try {
    const [meta, districts, claims, series] = await Promise.all([
      api("/api/meta"), api("/api/districts"), api("/api/claims"), api("/api/control/series"),
    ]);
    state.meta = meta;
    if (Array.isArray(meta.statuses) && meta.statuses.length) state.statuses = meta.statuses;
    if (meta.status_labels) state.statusLabel = { ...state.statusLabel, ...meta.status_labels };
    state.claims = claims.items;
    state.series = series;
    renderMeta(meta);
    renderLegend();
    fillFilterOptions(meta);
    drawMap(districts, openDistrict);
    state.days = meta.date_from && meta.date_to ? daysBetween(meta.date_from, meta.date_to) : [];
    setupSlider();
    drawChart((i) => { stop(); setDay(i); });
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
  $("#legend").replaceChildren(...state.statuses.map((st) =>
    h("span", { "data-testid": `legend-${st}` }, h("i", { class: `swatch ${st}` }), state.statusLabel[st])));
}

function fillFilterOptions(meta) {
  const typeSel = $("#filters select[name=type]");
  for (const t of meta.event_types) typeSel.append(h("option", { value: t, text: typeLabel(t) }));
  const modSel = $("#filters select[name=modality]");
  for (const m of meta.modalities) modSel.append(h("option", { value: m, text: m }));
  const actor = $("#filters input[name=actor]");
  if (actor && meta.conflict && meta.conflict.nonstate) actor.placeholder = meta.conflict.nonstate;
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

setupTable();
init();
