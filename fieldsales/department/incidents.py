"""The scorecard's incidents (department.md D6 facts `incidents`; issue 14): each subpackage that
records one kind registers a source here, and the scorecard gathers them for a quarter without
importing those subpackages. Every incident names its day and links to the document behind it.

Kinds that count in D6's discipline ratio: `late_reports` (P7.1), `absent_days` (D7, with P5.2's
over-long trip days), `missing_logs` (D3), `missed_duty` (D8). Kinds outside `SCORED_KINDS`
(`late_days`, D7's late arrivals with notice) are listed on the scorecard but not scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

SCORED_KINDS = ("late_reports", "absent_days", "missing_logs", "missed_duty")


@dataclass(frozen=True)
class Incident:
    kind: str  # one of SCORED_KINDS, or a listed-only kind such as "late_days"
    day: date
    label: str  # what happened, translated, e.g. "出差报告逾期：TR-2026-0012"
    url: str  # the page of the document or day behind it ("" when there is none)
    user_id: int


# collect(people, start, end) -> the incidents of those people between start and end inclusive.
Collector = Callable[[Sequence[Any], date, date], Iterable[Incident]]


@dataclass(frozen=True)
class IncidentSource:
    code: str  # unique, e.g. "attendance.absent"
    collect: Collector


_SOURCES: dict[str, IncidentSource] = {}


def register_incident_source(source: IncidentSource) -> None:
    _SOURCES[source.code] = source


def incident_sources() -> list[IncidentSource]:
    return list(_SOURCES.values())


def incidents_for(people: Sequence[Any], start: date, end: date) -> dict[int, list[Incident]]:
    """Every registered source's incidents of `people` from `start` to `end`, by user id, by day."""
    found: dict[int, list[Incident]] = defaultdict(list)
    for source in _SOURCES.values():
        for incident in source.collect(people, start, end):
            found[incident.user_id].append(incident)
    for incidents in found.values():
        incidents.sort(key=lambda incident: (incident.day, incident.kind, incident.label))
    return dict(found)


def counts(incidents: Iterable[Incident]) -> dict[str, int]:
    """D6's `incidents` facts: how many of each scored kind."""
    tally = dict.fromkeys(SCORED_KINDS, 0)
    for incident in incidents:
        if incident.kind in tally:
            tally[incident.kind] += 1
    return tally
