from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from sitrep.errors import GazetteerError
from sitrep.geo import import_ocha, load_gazetteer

OCHA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "afg_adm2_ocha_agcho_20180522.geojson"


def test_builtin_from_empty_home(tmp_path, monkeypatch):
    # a truly empty home: the built-in gazetteer is made from the installed packages
    monkeypatch.setenv("SITREP_HOME", str(tmp_path))
    gaz = load_gazetteer()
    assert gaz.source() == "builtin"
    assert gaz.district_shapes() == {}
    assert (tmp_path / "gazetteer").exists()
    t = time.perf_counter()
    again = load_gazetteer()
    assert time.perf_counter() - t < 1.0  # < 0.3 s on an idle machine
    assert len(again) == len(gaz)


def test_builtin_contents(home):
    gaz = load_gazetteer()
    kabul = [p for p in gaz.lookup("Kabul") if p.kind == "place"]
    assert kabul and kabul[0].country == "AF" and kabul[0].lat == pytest.approx(34.5, abs=0.2)
    kandahar = gaz.lookup("Kandahar", kind="province")
    assert kandahar and kandahar[0].admin1_pcode == "AF27"
    tj = gaz.lookup("Tajikistan")
    assert tj[0].kind == "country" and tj[0].country == "TJ" and tj[0].lat is not None
    assert gaz.lookup("Tadjikistan")[0].id == "TJ"
    shighnan = gaz.lookup("Shugnon")
    assert shighnan[0].id == "AF1719" and shighnan[0].admin1 == "Badakhshan"
    assert len(gaz.provinces("AF")) == 34
    assert gaz.lookup("Police") == []
    forms = gaz.surface_forms()
    assert "district" in forms["tagab"] and "country" in forms["tajikistan"]


def test_ocha_import(ocha_home):
    gaz = load_gazetteer(ocha_home)
    assert gaz.source() == "ocha:afg_adm2_ocha_agcho_20180522.geojson"
    assert len(gaz.districts("AF")) == 399
    assert len(gaz.provinces("AF")) == 34
    assert gaz.lookup("Shugnon")[0].id == "AF1719"
    shapes = gaz.district_shapes()
    assert len(shapes) == 399
    geom = shapes["AF1719"]
    assert geom["type"] == "MultiPolygon"
    x, y = geom["coordinates"][0][0][0]
    assert round(x, 3) == x and 60 < x < 75 and 29 < y < 39
    # towns are placed in their districts by point-in-polygon
    kunduz = [p for p in gaz.lookup("Kunduz") if p.kind == "place"][0]
    assert kunduz.admin2_pcode == "AF1901"
    # foreign countries and cities are still there
    assert gaz.lookup("Dushanbe")[0].country == "TJ"


def test_ocha_import_summary(ocha_home, tmp_path):
    summary = import_ocha(OCHA, tmp_path)
    assert summary["country"] == "AF" and summary["districts"] == 399 and summary["provinces"] == 34


def _write(path, obj):
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


def test_small_upper_case_import(home, tmp_path):
    square = [[[[10.0, 10.0], [11.0, 10.0], [11.0, 11.0], [10.0, 11.0], [10.0, 10.0]]]]
    feat = {
        "type": "Feature",
        "properties": {
            "ADM2_PCODE": "SO1101",
            "ADM2_EN": "Testdistrict",
            "ADM1_PCODE": "SO11",
            "ADM1_EN": "Testprovince",
        },
        "geometry": {"type": "MultiPolygon", "coordinates": square},
    }
    path = _write(tmp_path / "so.geojson", {"type": "FeatureCollection", "features": [feat]})
    summary = import_ocha(path)
    assert summary == summary | {"country": "SO", "provinces": 1, "districts": 1}
    gaz = load_gazetteer()
    d = gaz.lookup("Testdistrict")[0]
    assert d.id == "SO1101" and d.admin1_pcode == "SO11"
    assert d.lat == pytest.approx(10.5) and d.lon == pytest.approx(10.5)
    assert gaz.lookup("Testprovince", kind="province")[0].lat == pytest.approx(10.5)


@pytest.mark.parametrize(
    "content",
    [
        None,
        "not json at all",
        {"type": "FeatureCollection", "features": []},
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": "x"},
                    "geometry": {"type": "Point", "coordinates": [1, 2]},
                }
            ],
        },
    ],
)
def test_bad_import_files(home, tmp_path, content):
    path = tmp_path / "bad.geojson"
    if content is not None:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        import_ocha(path)
    assert "\n" not in str(err.value)
    assert load_gazetteer().source() == "builtin"


def test_point_in_polygon_and_centroid():
    from sitrep.geo.ocha import centroid, point_in_polygons

    ring = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]
    polys = [[ring, hole]]
    assert point_in_polygons(3, 3, polys)
    assert not point_in_polygons(1.5, 1.5, polys)
    assert not point_in_polygons(5, 1, polys)
    x, y, area = centroid([[ring]])
    assert (x, y, area) == (2, 2, 16)
