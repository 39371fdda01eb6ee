"""Lists of places: "Khwahan, Shekay and Nusay districts", "Nirkh and Jalrez in Wardak,
Burka in Baghlan" are one event per listed place, each with the province named after it
(codebook §3). Needs the mentions and the sentence; sets nothing."""

from __future__ import annotations

import re

from sitrep.extract.resources import Resources
from sitrep.models import PlaceMention, Sentence

_LIST_SEP = re.compile(r"\s*(?:,|,?\s*and|&|;)\s*")
# between two listed places, names the gazetteer does not know ("..., Dawlat Shah in Laghman, ...")
_ENDS_IN = re.compile(r"\b(?:in|of)\s+(?:the\s+)?$")


def _located_list(res: Resources, ms: list[PlaceMention], text: str, offset: int) -> list[list[PlaceMention]] | None:
    """'Nirkh and Jalrez in Wardak, Burka in Baghlan, and Shahrak in Ghor province': one group per
    listed place, each with the province named after it (codebook §3); None when the mentions are
    not such a list (at least two places each followed by 'in'/'of' and a container). Names the
    gazetteer does not know may sit in the list: their containers are skipped."""
    groups: list[list[PlaceMention]] = []
    pending: list[PlaceMention] = []
    containers = 0
    i = 0
    while i < len(ms):
        if i > 0:
            gap = text[ms[i - 1].end - offset : ms[i].start - offset]
            if not _LIST_SEP.fullmatch(gap):
                if not (groups or containers) or not res.list_gap_re.fullmatch(gap):
                    return None
                if _ENDS_IN.search(gap):  # "..., Dawlat Shah in Laghman": the container of an unknown name
                    containers += 1
                    i += 1
                    continue
        pending.append(ms[i])
        if i + 1 < len(ms) and res.contained_in_re.fullmatch(text[ms[i].end - offset : ms[i + 1].start - offset]):
            groups.extend([m, ms[i + 1]] for m in pending)
            pending = []
            containers += 1
            i += 2
            continue
        i += 1
    if containers < 2:
        return None
    groups.extend([m] for m in pending)
    return groups


def _split_places(
    res: Resources, mentions: list[PlaceMention], text: str, sent: Sentence
) -> list[list[PlaceMention]]:
    """A list of places ("Khwahan, Shekay and Nusay districts") is one event per place."""
    if not mentions:
        return []
    ms = sorted(mentions, key=lambda m: m.start)
    located = _located_list(res, ms, text, sent.start)
    if located is not None:
        return located
    groups: list[list[PlaceMention]] = [[ms[0]]]
    semicolons = False
    for prev, cur in zip(ms, ms[1:], strict=False):
        between = text[prev.end - sent.start : cur.start - sent.start]
        if ";" in between:
            # "A in the north; B, the capital of P; and C": items with their own context
            groups.append([cur])
            semicolons = True
            continue
        # "Khwahan, Shekay and Nusay districts", "in Nangarhar, Laghman and Ghazni provinces";
        # but "Tagab district, Kapisa province" is one place at two levels
        after = text[cur.end - sent.start : cur.end - sent.start + 12].lower()
        singular_frame = res.singular_level_re.match(after) is not None
        # ... but "Kalafgan and Farkhar district": names joined by "and" are a list, whatever
        # the number of the frame word after them
        joined = re.fullmatch(r"\s*,?\s*(?:and|&)\s*", between) is not None
        same_level = prev.kind_hint == cur.kind_hint or (
            None in (prev.kind_hint, cur.kind_hint)
            and not (singular_frame and prev.kind_hint is None and not joined)
        )
        if re.fullmatch(r"\s*(?:,|,?\s*and|&|,\s*as well as)\s*", between) and same_level:
            groups.append([cur])
        else:
            groups[-1].append(cur)
    if len(groups) == 1 or semicolons:
        return groups
    # context mentions (the province after the list) belong to every group
    listed = [g[0] for g in groups]
    extras = [m for g in groups for m in g[1:]]
    return [[m, *extras] for m in listed]
