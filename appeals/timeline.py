"""Steps of other modules' records that belong on an appeal's public timeline: a mediation case opened from the
appeal (受理为调解案件, the sessions' dates, the outcome, 结案) is followed by the worker on the appeal itself.

The owning app declares, from its ``AppConfig.ready``, a function giving the steps of one appeal
(``register_linked_steps``); the worker's page and API merge them into the timeline. A step carries only what the
worker may read: a kind, its label, when, and a short public note (never staff notes or other people's data)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

_SOURCES: list[Callable] = []


@dataclass(frozen=True)
class LinkedStep:
    """One public step of a record linked to an appeal. ``date_only``: only the day is known or shown (a mediation
    session); ``at`` is then that day's start."""

    kind: str
    label: str
    at: datetime
    note: str = ""
    org_name: str = ""
    date_only: bool = False


def register_linked_steps(fn: Callable) -> None:
    """Declare ``fn(appeals) -> {appeal id: [LinkedStep, …]}``, called with the appeals whose timeline is shown."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)


def linked_steps(appeal) -> list[LinkedStep]:
    """Every declared step of ``appeal``, in time order."""
    steps: list[LinkedStep] = []
    for fn in _SOURCES:
        steps.extend(fn([appeal]).get(appeal.pk, []))
    return sorted(steps, key=lambda s: s.at)
