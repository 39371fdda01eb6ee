"""Claims about control (codebook §4) set beside the figures computed from events.

A claim's subject says whose control it is about: a state actor means the
``government`` status, anything else (or no subject) the ``nonstate`` status
(the actors file says who is a state, :mod:`sitrep.analysis.conflict`).
``share_of_territory`` and ``share_of_districts`` are compared with the share
of districts of that status on the claim's date, ``districts_controlled`` with
their number; ``withdrawal_progress`` has no computed counterpart.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sitrep.analysis.control import ControlModel, is_state
from sitrep.models import ClaimCheck, Place, StoredClaim

if TYPE_CHECKING:
    from sitrep.protocols import EventReader


def claim_status(claim: StoredClaim) -> str:
    return "government" if is_state(claim.subject) else "nonstate"


def check_claims(
    store: EventReader,
    districts: list[Place],
    claims: list[StoredClaim] | None = None,
    model: ControlModel | None = None,
) -> list[ClaimCheck]:
    """Each claim (default: all stored) with the computed figure for its date."""
    model = model or ControlModel(store, districts)
    claims = store.list_claims() if claims is None else claims
    out = []
    for c in claims:
        check = ClaimCheck(claim=c, districts=len(model.districts))
        if c.metric != "withdrawal_progress" and c.date is not None and model.districts:
            status = claim_status(c)
            totals = model.totals(c.date)
            check.status = status  # type: ignore[assignment]
            if c.metric == "districts_controlled":
                check.computed, check.computed_unit = float(totals.counts[status]), "count"
            else:
                check.computed, check.computed_unit = totals.shares[status], "percent"
        out.append(check)
    return out


def latest_claims(claims: list[StoredClaim], day: dt.date) -> list[StoredClaim]:
    """The latest claim on or before ``day`` per claimant and metric."""
    latest: dict[tuple[str, str], StoredClaim] = {}
    for c in claims:
        if c.date is None or c.date > day:
            continue
        key = ((c.claimant or c.source or "").casefold(), c.metric)
        if key not in latest or (c.date, c.id) >= (latest[key].date or dt.date.min, latest[key].id):
            latest[key] = c
    return sorted(latest.values(), key=lambda c: (c.date or dt.date.min, c.id))
