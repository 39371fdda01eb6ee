"""What the routes share: the store, the gazetteer and the pipeline, opened lazily once."""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING, Any

from sitrep.models import ControlTotals, DistrictControl, EventFilter, Place
from sitrep.protocols import EventStore, Extractor, MapGazetteer

if TYPE_CHECKING:
    from sitrep.analysis.control import ControlModel
    from sitrep.api.worker import ExtractionProcess

# Work per request is bounded: a control series covers at most MAX_SERIES_DAYS days; the
# data's own range (the page's default) ignores dates more than FUTURE_DAYS after today and
# is cut to its last MAX_SERIES_DAYS days.
MAX_SERIES_DAYS = 1096  # three years
FUTURE_DAYS = 366


def data_window(store: EventStore, today: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """The store's date range as the page and the defaults use it: dates more than
    FUTURE_DAYS after ``today`` (typos like 9999-12-31) are left out, and a range longer
    than MAX_SERIES_DAYS keeps its last MAX_SERIES_DAYS days (old outliers such as
    0001-01-01 do not stretch it)."""
    lo, hi = store.date_range()
    if lo is None or hi is None:
        return lo, hi
    horizon = (today or dt.date.today()) + dt.timedelta(days=FUTURE_DAYS)
    if hi > horizon:
        total = store.query_events(EventFilter(date_to=horizon, limit=1))[0]
        if total:  # the last day with data up to the horizon
            hi = store.observed_events(EventFilter(date_to=horizon, offset=total - 1, limit=1))[0][0]
        elif lo <= horizon:  # no dated events: the articles' publication dates
            hi = horizon
        else:
            return None, None
    if (hi - lo).days >= MAX_SERIES_DAYS:
        first = hi - dt.timedelta(days=MAX_SERIES_DAYS - 1)
        rows = store.observed_events(EventFilter(date_from=first, date_to=hi, limit=1))
        lo = rows[0][0] if rows and rows[0][0] is not None else first
    return lo, hi


class Context:
    """What the routes share: the store, the gazetteer, the pipeline (all opened lazily once)."""

    def __init__(
        self,
        db_url: str | None,
        token: str | None,
        gazetteer: MapGazetteer | None,
        max_body: int,
        store: EventStore | None = None,
        pipeline: Extractor | None = None,
    ) -> None:
        self.db_url = db_url
        self.token = token or None
        self.max_body = max_body
        self.export_limit: int | None = None
        self.extractor: ExtractionProcess | None = None  # None: extract in this process
        self._gazetteer = gazetteer
        self._store = store
        self._pipeline = pipeline
        self._districts: list[Place] | None = None
        self._shapes: dict[str, Any] | None = None
        self._control: tuple[int, ControlModel] | None = None
        self._outlines: dict[str, dict[str, Any] | None] = {}
        self._lock = threading.RLock()

    @property
    def store(self) -> EventStore:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    from sitrep.config import default_db_url
                    from sitrep.store import Store

                    self._store = Store(self.db_url or default_db_url())
        return self._store

    @property
    def gazetteer(self) -> MapGazetteer:
        if self._gazetteer is None:
            with self._lock:
                if self._gazetteer is None:
                    from sitrep.geo import load_gazetteer

                    self._gazetteer = load_gazetteer()
        return self._gazetteer

    @property
    def pipeline(self) -> Extractor:
        if self._pipeline is None:
            with self._lock:
                if self._pipeline is None:
                    if self._gazetteer is not None:
                        from sitrep.pipeline import Pipeline

                        self._pipeline = Pipeline(self._gazetteer)
                    else:
                        from sitrep.pipeline import shared_pipeline

                        self._pipeline = shared_pipeline()
        return self._pipeline

    def shapes(self) -> dict[str, Any]:
        if self._shapes is None:
            self._shapes = dict(self.gazetteer.district_shapes() or {})
        return self._shapes

    def _control_model(self) -> ControlModel:
        """The store's control model over the map's districts, rebuilt when the data changes."""
        from sitrep.analysis.control import ControlModel

        store = self.store
        key = store.data_version()  # one row read; changes with every write
        with self._lock:
            if self._control is None or self._control[0] != key:
                self._control = (key, ControlModel(store, self.districts()))
            return self._control[1]

    def control_on(self, day: dt.date) -> list[DistrictControl]:
        return list(self._control_model().on(day))

    def control_series(self, start: dt.date | None, end: dt.date | None) -> list[ControlTotals]:
        return list(self._control_model().series(start, end))

    def control_kept_out(self) -> tuple[dict[str, int], int]:
        """Control events not on the map by reason, and those of undated articles dated from their text."""
        model = self._control_model()
        return model.kept_out_summary(), model.dated_from_text

    def outline(self, country: str) -> dict[str, Any] | None:
        if country not in self._outlines:
            from sitrep.api.geodata import country_outline

            self._outlines[country] = country_outline(self.gazetteer, country)
        return self._outlines[country]

    def districts(self) -> list[Place]:
        """The districts drawn on the map: those with a shape, else those with a centroid."""
        if self._districts is None:
            from sitrep.api.geodata import map_districts

            self._districts = map_districts(self.gazetteer, self.shapes())
        return self._districts
