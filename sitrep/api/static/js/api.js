/* Every request of the page goes to this server's /api/ (nothing else is fetched). */

import { state } from "./util.js";

export async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  if (!r.ok) {
    let msg = r.statusText;
    try { msg = (await r.json()).detail || msg; } catch (_) { /* not JSON */ }
    throw new Error(`${path}: ${msg}`);
  }
  return r.json();
}

export async function controlFor(day) {
  const key = day || "";
  if (!state.controlCache.has(key)) {
    state.controlCache.set(key, api(day ? `/api/control?date=${day}` : "/api/control").catch((e) => {
      state.controlCache.delete(key); throw e;
    }));
  }
  return state.controlCache.get(key);
}

const articles = new Map(); // article id -> Promise of the article (with its text), or of null

export async function articleText(id) {
  if (!articles.has(id)) {
    articles.set(id, api(`/api/articles/${encodeURIComponent(id)}`).catch(() => null));
  }
  return articles.get(id);
}

/** A district's events with their reports and the texts of their articles, in one request. */
export async function districtEvents(pcode, limit = 500) {
  const page = await api(`/api/districts/${encodeURIComponent(pcode)}/events?limit=${limit}`);
  for (const a of page.articles) articles.set(a.id, Promise.resolve(a));
  return page;
}
