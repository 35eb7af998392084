"""The demo district, built in steps that each app contributes (``manage.py seed_demo``).

An app registers its step from ``AppConfig.ready``::

    register_demo_step(100, "orgs", build_orgs, present=orgs_demo_present)

Steps run in ``order`` inside one transaction, each with the same ``DemoContext``. Every step gets its own
random generator and Faker seeded from ``(seed, step name)``, so adding a step never changes what the
steps before or after it build, and one seed always builds the same district.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from faker import Faker

from . import audit

DEFAULT_SEED = 2026
DEMO_PASSWORD = "Demo@2026"

ACTION_LABELS = {"core.demo.seeded": _("生成演示数据")}


class DemoError(Exception):
    """The demo cannot be built (it is already there, or it would clash with existing data). The message is
    Chinese and is shown to the operator as it is."""


@dataclass
class DemoContext:
    """What the steps share. ``rng`` and ``faker`` are re-seeded for each step; the rest accumulates."""

    seed: int
    scale: float
    rng: random.Random = field(default_factory=random.Random)
    faker: Faker = field(default_factory=lambda: Faker("zh_CN"))
    # Built by the orgs step; later steps hang their data on these.
    root: Any = None
    orgs: list = field(default_factory=list)
    enterprises: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # username -> User
    # Anything else a step wants to hand on to later steps, keyed by step name.
    extra: dict = field(default_factory=dict)
    # Lines of the summary: (Chinese label, figure), in the order steps add them.
    counts: list[tuple[str, object]] = field(default_factory=list)

    def reseed(self, step_name: str) -> None:
        """Give the next step generators that depend only on the seed and its own name."""
        key = f"{self.seed}:{step_name}"
        self.rng = random.Random(key)
        self.faker = Faker("zh_CN")
        # Faker wants an int or a string; a string key keeps steps independent of each other.
        self.faker.seed_instance(key)


@dataclass(frozen=True)
class DemoStep:
    order: int
    name: str
    build: Callable[[DemoContext], None]
    # Returns True when this step's demo data is already in the database.
    present: Callable[[], bool] | None = None


_STEPS: dict[str, DemoStep] = {}


def register_demo_step(
    order: int, name: str, build: Callable[[DemoContext], None], *, present: Callable[[], bool] | None = None
) -> None:
    """Add (or replace, so a re-run of ``ready`` is harmless) the step ``name``, run in ascending ``order``."""
    _STEPS[name] = DemoStep(order=order, name=name, build=build, present=present)


def demo_steps() -> list[DemoStep]:
    """The registered steps in the order they run."""
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))


def demo_present() -> bool:
    """Whether any step finds its demo data already in the database."""
    return any(step.present() for step in demo_steps() if step.present is not None)


def build_demo(*, seed: int = DEFAULT_SEED, scale: float = 1.0) -> DemoContext:
    """Run every step and record one audit event. The caller holds the transaction: a failing step leaves
    nothing behind."""
    started = time.perf_counter()
    ctx = DemoContext(seed=seed, scale=scale)
    for step in demo_steps():
        ctx.reseed(step.name)
        step.build(ctx)
    audit.record(
        "core.demo.seeded",
        actor_name="seed_demo",
        org=ctx.root,
        data={
            "seed": seed,
            "scale": scale,
            "steps": [s.name for s in demo_steps()],
            "counts": {label: n for label, n in ctx.counts},
            "seconds": round(time.perf_counter() - started, 2),
        },
    )
    return ctx
