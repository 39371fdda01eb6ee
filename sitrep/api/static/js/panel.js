/* The evidence panel: a district's (or an event's) events, each report's sentence marked in its article. */

import { api, articleText, districtEvents } from "./api.js";
import { $, h, nice, showError, state, typeLabel } from "./util.js";

function featureOf(pcode) { return state.features.find((f) => f.properties.pcode === pcode); }

export async function openDistrict(pcode) {
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
    const page = await districtEvents(pcode); // events, their reports and the articles' texts at once
    if (!state.selected || state.selected.pcode !== pcode) return;
    await renderPanelEvents(page.items, page.total);
    updatePanelForDay();
  } catch (err) { showError(err); }
}

export async function openEvent(ev) {
  const pc = ev.location && ev.location.admin2_pcode;
  if (pc && featureOf(pc)) { openDistrict(pc); return; }
  state.selected = { kind: "event", id: ev.id };
  for (const g of document.querySelectorAll("#map .district")) g.classList.remove("selected");
  const loc = ev.location || {};
  $("#panel").replaceChildren(h("div", { class: "panel-head" },
    h("h2", { "data-testid": "panel-title", text: loc.admin2 || loc.place || loc.admin1 || loc.country || "Event" }),
    h("div", { class: "sub" }, [loc.admin1, loc.country].filter(Boolean).join(", "))));
  const detail = await api(`/api/events/${ev.id}`).catch(() => ev);
  await renderPanelEvents([detail], 1);
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
  for (const ev of events) list.append(await eventCard(ev));
  for (const box of list.querySelectorAll(".article-text")) scrollToMark(box);
}

export function actorsOf(ev) {
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

export function updatePanelForDay() {
  if (!state.control || !state.selected || state.selected.kind !== "district") return;
  const d = state.control.districts.find((x) => x.admin2_pcode === state.selected.pcode);
  const status = d ? d.status : "unknown";
  const sub = $("#panel-sub");
  if (sub) {
    sub.querySelector(".status-pill")?.parentElement?.remove();
    sub.append(h("div", {}, h("span", { class: `status-pill ${status}`, "data-testid": "panel-status", text: state.statusLabel[status] }),
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
