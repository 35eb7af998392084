"""Rankings of an event, ties included.

The tie rule (standard competition ranking, “1224”): places are ordered by total score, highest first; equal totals
share a place, and the next place skips as many as shared the one before (scores 95, 95, 90 rank 1, 1, 3). No
tie-break is applied: two entrants with the same total are tied, whatever their rounds. In a team event a team's
total is the sum of its members' totals."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from .models import Entry, Event, Round, Score


@dataclass
class Place:
    rank: int
    total: Decimal
    entry: Entry | None = None
    team: object | None = None
    missing: int = 0

    @property
    def name(self) -> str:
        return self.team.name if self.team is not None else self.entry.member.name


def competition_ranks(totals: list[Decimal]) -> list[int]:
    """The rank of each of ``totals`` (already sorted, highest first): equal totals share a rank, the next skips."""
    ranks = []
    for i, total in enumerate(totals):
        ranks.append(ranks[-1] if i and total == totals[i - 1] else i + 1)
    return ranks


def standings(event: Event) -> list[Place]:
    """The event's places from the scores entered so far (``missing``: how many round scores an entrant or team
    still lacks)."""
    rounds = list(Round.objects.filter(event=event).values_list("pk", flat=True))
    entries = list(Entry.objects.filter(event=event).select_related("member", "team"))
    got: dict[int, list[Decimal]] = defaultdict(list)
    for entry_id, value in Score.objects.filter(entry__event=event, round__in=rounds).values_list("entry_id", "value"):
        got[entry_id].append(value)
    units: dict = {}
    for e in entries:
        key = e.team if event.mode == Event.Mode.TEAM and e.team_id else e
        total, missing = units.get(key, (Decimal("0"), 0))
        units[key] = (total + sum(got[e.pk], Decimal("0")), missing + len(rounds) - len(got[e.pk]))
    ordered = sorted(units.items(), key=lambda kv: (-kv[1][0], getattr(kv[0], "pk", 0)))
    ranks = competition_ranks([total for _, (total, _) in ordered])
    places = []
    for rank, (unit, (total, missing)) in zip(ranks, ordered, strict=True):
        is_team = not isinstance(unit, Entry)
        places.append(
            Place(
                rank=rank, total=total, entry=None if is_team else unit, team=unit if is_team else None, missing=missing
            )
        )
    return places
