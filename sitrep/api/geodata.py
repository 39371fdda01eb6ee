"""The district layer of the map: gazetteer districts as a GeoJSON FeatureCollection."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sitrep.models import Place
from sitrep.protocols import MapGazetteer


def pcode(place: Place) -> str:
    return place.admin2_pcode or place.id


def map_districts(gazetteer: MapGazetteer, shapes: dict[str, Any]) -> list[Place]:
    """Districts of the country on the map, sorted by province and name.

    With shapes: the districts that have one. Without: those with a centroid, of the
    country most districts belong to (the gazetteer may hold neighbours too).
    """
    districts = list(gazetteer.districts())
    if shapes:
        chosen = [d for d in districts if pcode(d) in shapes]
    else:
        chosen = [d for d in districts if d.lat is not None and d.lon is not None]
    countries = Counter(d.country for d in chosen)
    if len(countries) > 1:
        main = countries.most_common(1)[0][0]
        chosen = [d for d in chosen if d.country == main]
    chosen.sort(key=lambda d: ((d.admin1 or "").lower(), d.name.lower()))
    return chosen


def _coords(geometry: dict[str, Any]) -> Iterable[tuple[float, float]]:
    def walk(node: Any) -> Iterable[tuple[float, float]]:
        if isinstance(node, list | tuple) and node and isinstance(node[0], int | float):
            yield float(node[0]), float(node[1])
        elif isinstance(node, list | tuple):
            for child in node:
                yield from walk(child)

    if geometry.get("type") == "GeometryCollection":
        for g in geometry.get("geometries", []):
            yield from _coords(g)
    else:
        yield from walk(geometry.get("coordinates", []))


def country_outline(gazetteer: MapGazetteer, country: str | None) -> dict[str, Any] | None:
    """The outline bundled with the ``countryinfo`` package (offline), by ISO code or name."""
    if not country:
        return None
    try:
        from countryinfo import CountryInfo
    except ImportError:
        return None
    names = [country] + [c.name for c in gazetteer.countries() if c.country == country or c.id == country]
    for name in names:
        try:
            data = CountryInfo(name).geo_json()
        except Exception:  # noqa: BLE001 - unknown name: try the next one
            continue
        for feature in (data or {}).get("features", []):
            geom = feature.get("geometry")
            if geom and geom.get("type") in ("Polygon", "MultiPolygon"):
                return dict(geom)
    return None


def feature_collection(
    districts: list[Place], shapes: dict[str, Any], outline: dict[str, Any] | None = None
) -> dict[str, Any]:
    """GeoJSON of the districts: their polygons, else their centroids as points."""
    features = []
    xs: list[float] = []
    ys: list[float] = []
    for d in districts:
        code = pcode(d)
        geom = shapes.get(code)
        if geom is None:
            geom = {"type": "Point", "coordinates": [d.lon, d.lat]}
        for x, y in _coords(geom):
            xs.append(x)
            ys.append(y)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": geom,
                "properties": {
                    "pcode": code,
                    "name": d.name,
                    "admin1": d.admin1,
                    "admin1_pcode": d.admin1_pcode,
                    "country": d.country,
                    "lat": d.lat,
                    "lon": d.lon,
                },
            }
        )
    if outline:
        for x, y in _coords(outline):
            xs.append(x)
            ys.append(y)
    bbox = [min(xs), min(ys), max(xs), max(ys)] if xs else None
    return {"type": "FeatureCollection", "features": features, "bbox": bbox, "outline": outline}
