/* The events table: the filters, the pages, the download links. */

import { api } from "./api.js";
import { actorsOf, openEvent } from "./panel.js";
import { $, h, showError, state, typeLabel } from "./util.js";

const PAGE = 25;

export function filterParams() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData($("#filters"))) if (String(v).trim()) params.set(k, String(v).trim());
  return params;
}

export function updateDownloads(params) {
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

export async function loadEvents() {
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

export function setupTable() {
  $("#filters").addEventListener("submit", (e) => { e.preventDefault(); state.offset = 0; loadEvents(); });
  $("#filters").addEventListener("reset", () => setTimeout(() => { state.offset = 0; loadEvents(); }, 0));
  $("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents(); });
  $("#next").addEventListener("click", () => { state.offset += PAGE; loadEvents(); });
}
