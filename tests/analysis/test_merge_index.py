"""Clustering files its open groups by district and by the actors every member admits
(issue 11: a report no longer checks every open group of its type); the groups come out
as when every open group is checked."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.analysis.merge import ReportView, cluster, compatible, horizon, order_key

D0 = dt.date(2021, 7, 1)
PLACES = [  # (admin1, admin1_pcode, admin2, admin2_pcode)
    ("Eastshire", "AF15", "Bravo", "AF1502"),
    ("Eastshire", "AF15", "Charlie", "AF1503"),
    ("Eastshire", "AF15", None, None),
    ("Westshire", "AF16", "Westburg", "AF1601"),
    ("Westshire", None, "Westburg", None),
    (None, None, None, None),
]
ACTORS = [None, "Taliban", " taliban ", "TALIBAN", "Afghan army", "ſtate", "state", ""]


def _naive(reports: list[ReportView], window_days: int = 3) -> list[list[ReportView]]:
    """The clustering as its docstring says, checking every open group of the type."""
    span = horizon(window_days)
    ordered = sorted(reports, key=lambda r: (r.type, r.obs_date is None, r.obs_date or dt.date.min, order_key(r)))
    groups: list[list[ReportView]] = []
    for r in ordered:
        obs = r.obs_date
        best: tuple[int, int] | None = None
        for gi, g in enumerate(groups):
            if obs is None or g[0].type != r.type or g[0].obs_date is None:
                continue
            if (obs - max(m.obs_date for m in g if m.obs_date)).days > span:
                continue
            if all(compatible(r, m, window_days) for m in g):
                gap = min(abs((obs - m.obs_date).days) for m in g if m.obs_date)
                if best is None or gap < best[0]:
                    best = (gap, gi)
        if best is None:
            groups.append([r])
        else:
            groups[best[1]].append(r)
    return groups


@st.composite
def reports(draw: st.DrawFn) -> list[ReportView]:
    out = []
    for i in range(draw(st.integers(0, 40))):
        admin1, p1, admin2, p2 = draw(st.sampled_from(PLACES))
        precision = draw(st.sampled_from(["day", "day", "week", "month", "unknown"]))
        day = None if precision == "unknown" else D0 + dt.timedelta(days=draw(st.integers(0, 25)))
        published = draw(st.one_of(st.none(), st.integers(0, 27).map(lambda n: D0 + dt.timedelta(days=n))))
        out.append(
            ReportView(
                id=i + 1,
                article_id=f"a{draw(st.integers(0, 9))}",
                type=draw(st.sampled_from(["armed_clash", "territory_captured"])),
                published=published,
                actor1=draw(st.sampled_from(ACTORS)),
                actor2=draw(st.sampled_from(ACTORS)),
                country="AF",
                admin1=admin1,
                admin1_pcode=p1,
                admin2=admin2,
                admin2_pcode=p2,
                date=day,
                date_precision=precision,
                fatalities=draw(st.sampled_from([None, None, 3, 10, 40])),
                evidence_start=i,
            )
        )
    return out


@settings(max_examples=250, deadline=None)
@given(reports())
def test_clustering_through_the_index_is_checking_every_open_group(views: list[ReportView]) -> None:
    def ids(groups: list[list[ReportView]]) -> list[list[int]]:
        return sorted(sorted(r.id for r in g) for g in groups)

    assert ids(cluster(views)) == ids(_naive(views))
