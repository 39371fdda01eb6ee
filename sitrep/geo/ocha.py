"""Import of an OCHA COD-AB admin-2 GeoJSON (districts with P-codes and polygons).

Geometry helpers (centroid, point-in-polygon, simplification) are written
here in plain Python: no GIS library is needed for district-sized polygons.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from sitrep.errors import GazetteerError

Ring = list[list[float]]
Polygon = list[Ring]  # outer ring, then holes


# ----------------------------------------------------------------------------- geometry


def polygons_of(geometry: dict[str, Any]) -> list[Polygon]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords]
    if kind == "MultiPolygon":
        return list(coords)
    return []


def ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area and centroid (x, y) of a closed ring (shoelace formula)."""
    a = cx = cy = 0.0
    n = len(ring)
    for k in range(n - 1):
        x0, y0 = ring[k][0], ring[k][1]
        x1, y1 = ring[k + 1][0], ring[k + 1][1]
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2.0
    if abs(a) < 1e-15:
        xs = [p[0] for p in ring] or [0.0]
        ys = [p[1] for p in ring] or [0.0]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return a, cx / (6 * a), cy / (6 * a)


def centroid(polygons: list[Polygon]) -> tuple[float, float, float]:
    """(lon, lat, area) of a multipolygon: area-weighted, holes subtracted."""
    total = sx = sy = 0.0
    for poly in polygons:
        for k, ring in enumerate(poly):
            a, x, y = ring_area_centroid(ring)
            a = abs(a) if k == 0 else -abs(a)
            total += a
            sx += a * x
            sy += a * y
    if total <= 0:
        pts = [p for poly in polygons for p in poly[0]] if polygons else []
        if not pts:
            return 0.0, 0.0, 0.0
        return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts), 0.0
    return sx / total, sy / total, total


def bbox(polygons: list[Polygon]) -> tuple[float, float, float, float]:
    xs = [p[0] for poly in polygons for p in poly[0]]
    ys = [p[1] for poly in polygons for p in poly[0]]
    return min(xs), min(ys), max(xs), max(ys)


def point_in_ring(x: float, y: float, ring: Ring) -> bool:
    """Ray casting: does a horizontal ray from (x, y) cross the ring an odd number of times?"""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_polygons(x: float, y: float, polygons: list[Polygon]) -> bool:
    for poly in polygons:
        if poly and point_in_ring(x, y, poly[0]) and not any(point_in_ring(x, y, h) for h in poly[1:]):
            return True
    return False


def _dp(points: Ring, tol2: float) -> Ring:
    """Douglas-Peucker (iterative) on an open polyline; keeps the end points."""
    n = len(points)
    if n < 3:
        return points
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        s, e = stack.pop()
        x0, y0 = points[s][0], points[s][1]
        x1, y1 = points[e][0], points[e][1]
        dx, dy = x1 - x0, y1 - y0
        d2 = dx * dx + dy * dy
        best, idx = -1.0, -1
        for k in range(s + 1, e):
            px, py = points[k][0] - x0, points[k][1] - y0
            if d2 == 0:
                dist = px * px + py * py
            else:
                t = (px * dx + py * dy) / d2
                qx, qy = px - t * dx, py - t * dy
                dist = qx * qx + qy * qy
            if dist > best:
                best, idx = dist, k
        if best > tol2 and idx > 0:
            keep[idx] = True
            stack.append((s, idx))
            stack.append((idx, e))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify(geometry: dict[str, Any], tolerance: float = 0.002, digits: int = 3) -> dict[str, Any] | None:
    """A lighter MultiPolygon for the web map: Douglas-Peucker, coordinates rounded."""
    out = []
    tol2 = tolerance * tolerance
    for poly in polygons_of(geometry):
        rings = []
        for k, ring in enumerate(poly):
            if len(ring) < 4:
                continue
            # split the closed ring in two halves so that both ends are kept
            mid = len(ring) // 2
            part = _dp(ring[: mid + 1], tol2)[:-1] + _dp(ring[mid:], tol2)
            pts: Ring = []
            for p in part:
                q = [round(p[0], digits), round(p[1], digits)]
                if not pts or q != pts[-1]:
                    pts.append(q)
            if len(pts) >= 4 and pts[0] == pts[-1]:
                rings.append(pts)
            elif k == 0:
                break
        if rings:
            out.append(rings)
    if not out:
        return None
    return {"type": "MultiPolygon", "coordinates": out}


# ----------------------------------------------------------------------------- reading


def _prop(props: dict[str, Any], *names: str) -> str | None:
    lower = {str(k).lower(): v for k, v in props.items()}
    for name in names:
        v = lower.get(name)
        if v not in (None, ""):
            return str(v).strip()
    return None


def read_districts(path: Path) -> list[dict[str, Any]]:
    """District records from a COD-AB admin-2 GeoJSON; GazetteerError when it is not one."""
    path = Path(path)
    if not path.exists():
        raise GazetteerError(f"gazetteer file not found: {path}")
    if path.is_dir():
        raise GazetteerError(f"gazetteer file is a folder, not a GeoJSON file: {path}")
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path.name} is not a JSON file ({type(exc).__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("features"), list) or not data["features"]:
        raise GazetteerError(f"{path.name} is not a GeoJSON FeatureCollection with features")
    out = []
    for feat in data["features"]:
        if not isinstance(feat, dict):
            continue
        props = feat.get("properties") or {}
        pcode = _prop(props, "adm2_pcode")
        name = _prop(props, "adm2_en", "adm2_name", "adm2_ref")
        polys = polygons_of(feat.get("geometry") or {})
        if not pcode or not name or not polys:
            continue
        alts = [
            a
            for a in (_prop(props, f"adm2_alt{k}_en") for k in (1, 2))
            if a and a.lower() not in ("centre", "center") and "centre" not in a.lower()
        ]
        out.append(
            {
                "pcode": pcode.upper(),
                "name": name,
                "alts": alts,
                "adm1_pcode": (_prop(props, "adm1_pcode") or pcode[:-2]).upper(),
                "adm1": _prop(props, "adm1_en", "adm1_name") or "",
                "adm0": _prop(props, "adm0_en", "adm0_name"),
                "polygons": polys,
                "geometry": feat["geometry"],
            }
        )
    if not out:
        raise GazetteerError(
            f"{path.name} has no admin-2 features (expected properties adm2_pcode and adm2_en, any case)"
        )
    return out


def build_ocha(path: Path, world: Any = None) -> tuple[Any, dict[str, dict], dict]:
    """(builder, shapes, summary): the imported country's places, to merge into the world's.

    The builder holds the countries and the imported country's provinces,
    districts and towns; ``summary["country"]`` says which country it replaces.
    """
    from sitrep.geo.builtin import Builder, add_countries, add_towns, load_cities, merge_aliases, read_aliases

    districts = read_districts(path)
    country = districts[0]["pcode"][:2]
    b = Builder()
    add_countries(b)
    b.remove(lambda it: it["kind"] != "country")
    # provinces: centroid of their districts, area-weighted
    acc: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    names1: dict[str, str] = {}
    shapes: dict[str, dict] = {}
    for d in districts:
        lon, lat, area = centroid(d["polygons"])
        d["lat"], d["lon"], d["bbox"] = lat, lon, bbox(d["polygons"])
        w = area or 1e-9
        a = acc[d["adm1_pcode"]]
        a[0] += w
        a[1] += w * lat
        a[2] += w * lon
        names1.setdefault(d["adm1_pcode"], d["adm1"] or d["adm1_pcode"])
        geom = simplify(d["geometry"])
        if geom is not None:
            shapes[d["pcode"]] = geom
    for p1, (w, la, lo) in sorted(acc.items()):
        b.add(
            {
                "id": p1,
                "pcode": p1,
                "name": names1[p1],
                "kind": "province",
                "country": country,
                "admin1": names1[p1],
                "admin1_pcode": p1,
                "lat": round(la / w, 5),
                "lon": round(lo / w, 5),
            }
        )
    for d in districts:
        i = b.add(
            {
                "id": d["pcode"],
                "pcode": d["pcode"],
                "name": d["name"],
                "kind": "district",
                "country": country,
                "admin1": names1[d["adm1_pcode"]],
                "admin1_pcode": d["adm1_pcode"],
                "admin2": d["name"],
                "admin2_pcode": d["pcode"],
                "lat": round(d["lat"], 5),
                "lon": round(d["lon"], 5),
            }
        )
        for a in d["alts"]:
            b.alias(i, a)
    aliases = read_aliases()
    merge_aliases(b, [r for r in aliases if r.get("country") == country or r.get("kind") == "country"])
    # the imported country's towns down to 5,000 people, placed in their districts
    local = [c for c in load_cities(5000).values() if c["countrycode"] == country]
    start = len(b.items)
    add_towns(b, local)
    unplaced = 0
    for it in b.items[start:]:
        hit = locate_point(it["lon"], it["lat"], districts)
        if hit is None:
            unplaced += 1
            continue
        it["admin1"], it["admin1_pcode"] = names1[hit["adm1_pcode"]], hit["adm1_pcode"]
        it["admin2"], it["admin2_pcode"] = hit["name"], hit["pcode"]
    # alias-file places (villages, bases) sit in districts the file names
    merge_aliases(b, [r for r in aliases if r.get("country") == country and r.get("kind") == "place"])
    summary = {
        "country": country,
        "provinces": len(acc),
        "districts": len(districts),
        "towns": len(b.items) - start,
        "towns_outside": unplaced,
        "source": f"ocha:{Path(path).name}",
    }
    return b, shapes, summary


def locate_point(x: float, y: float, districts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The district that holds the point (bbox prefilter, then ray casting)."""
    for d in districts:
        x0, y0, x1, y1 = d["bbox"]
        if x0 <= x <= x1 and y0 <= y <= y1 and point_in_polygons(x, y, d["polygons"]):
            return d
    return None
