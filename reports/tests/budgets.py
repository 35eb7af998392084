"""Query budgets of the 成绩单, derived from the declarations rather than pinned: a new app's figures raise them by
what they may cost (a raw query per model its counters count, one per measure), and a change that reads one query
per counter (there are far more counters than models) still fails."""

import core.metrics as registry
from reports import engine

# Session or token and user, the grant look-up, the org and its ancestors, the rollup state and the watermark, the
# children of the breakdown.
FIXED = 8


def raw_models() -> int:
    """Queries the counters take when read raw: one per (model, org path) they share, one per lone counter."""
    counters = list(registry.COUNTERS.values())
    alone = [c for c in counters if not engine.shareable(c)]
    groups = {(c.model(), c.org) for c in counters if engine.shareable(c)}
    return len(groups) + len(alone)


def measures() -> int:
    """Measures and distinct counts are read on their own (a measure by year may take one per period asked; one that
    declares ``queries`` takes that many)."""
    unique = {id(m): m for m in registry.MEASURES.values()}.values()
    return len(registry.MEASURES) + sum(m.queries - 1 for m in unique) + len(registry.DISTINCTS)


def from_rollups() -> int:
    """A 成绩单 read from the rollups: the counters in one query, the measures and distinct counts on their own."""
    return FIXED + 1 + measures()


def from_raw() -> int:
    """A 成绩单 read from the raw tables."""
    return FIXED + raw_models() + measures()
