"""Report periods now live in ``core.metrics.periods`` (below the domain apps); this name stays for callers."""

from core.metrics.periods import (  # noqa: F401
    EARLIEST,
    LATEST,
    QUARTER_NAMES,
    Period,
    PeriodError,
    add_months,
    local_start,
    month,
    month_end,
    month_start,
    parse,
    period_param,
    quarter,
    year,
    years,
)
