"""Shared fixtures: a small district tree with one account per role, and logged-in clients."""

import os
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import ApiToken
from accounts.roles import Role
from core.testing import api_headers
from orgs.tests.factories import EnterpriseFactory, OrgFactory, UserFactory

# The schema-driven fuzz run of the whole API (core/tests/test_api_fuzz.py) is collected only with FUZZ=1: it runs
# in a step of its own (`make fuzz`, and scripts/test.sh after the suites), without xdist, against a live server.
collect_ignore = [] if os.environ.get("FUZZ") else ["core/tests/test_api_fuzz.py"]


@pytest.fixture
def tree(db):
    """district → town_a → (union_a1, union_a2 → village_a2), town_b → union_b1; one enterprise per union."""
    return build_tree()


def build_tree() -> SimpleNamespace:
    """The ``tree`` fixture's district, for fixtures of a wider scope (the fuzz run's live server)."""
    district = OrgFactory(federation=True, code="D001", name="测试区总工会")
    town_a = OrgFactory(town=True, parent=district, code="TA01", name="甲街道总工会")
    town_b = OrgFactory(town=True, parent=district, code="TB01", name="乙镇总工会")
    union_a1 = OrgFactory(parent=town_a, code="UA11", name="甲一机械有限公司工会")
    union_a2 = OrgFactory(parent=town_a, code="UA12", name="甲二电子有限公司工会")
    village_a2 = OrgFactory(parent=union_a2, code="UA13", name="甲二村工会", kind="village")
    union_b1 = OrgFactory(parent=town_b, code="UB11", name="乙一纺织有限公司工会")
    orgs = [district, town_a, town_b, union_a1, union_a2, village_a2, union_b1]
    for o in orgs:
        o.refresh_from_db()
    ent_a1 = EnterpriseFactory(org=town_a, covering_union=union_a1, name="甲一机械有限公司")
    ent_a2 = EnterpriseFactory(org=town_a, covering_union=union_a2, name="甲二电子有限公司")
    ent_a3 = EnterpriseFactory(org=town_a, covering_union=None, name="甲三未建会商贸公司", staff_count=10)
    ent_b1 = EnterpriseFactory(org=town_b, covering_union=union_b1, name="乙一纺织有限公司")
    return SimpleNamespace(
        district=district,
        town_a=town_a,
        town_b=town_b,
        union_a1=union_a1,
        union_a2=union_a2,
        village_a2=village_a2,
        union_b1=union_b1,
        ent_a1=ent_a1,
        ent_a2=ent_a2,
        ent_a3=ent_a3,
        ent_b1=ent_b1,
    )


@pytest.fixture
def users(tree):
    """One account per role: sysadmin, district, town (town_a), union (union_a1), union_b (union_b1)."""
    return build_users(tree)


def build_users(tree) -> SimpleNamespace:
    return SimpleNamespace(
        sysadmin=UserFactory(username="sys", grant=(tree.district, Role.SYSADMIN)),
        district=UserFactory(username="district", grant=(tree.district, Role.FEDERATION_ADMIN)),
        town=UserFactory(username="town", grant=(tree.town_a, Role.FEDERATION_ADMIN)),
        union=UserFactory(username="union", grant=(tree.union_a1, Role.UNION_ADMIN)),
        union_b=UserFactory(username="union_b", grant=(tree.union_b1, Role.UNION_ADMIN)),
        nobody=UserFactory(username="nobody"),
    )


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def login():
    """``login(user)`` → a Django test client with that user's session."""
    return _client_for


@pytest.fixture
def bearer():
    """``bearer(user)`` → headers carrying a fresh API token for that user."""

    def make(user) -> dict:
        _, raw = ApiToken.issue(user)
        return api_headers(raw)

    return make


# --- Which tests run where ------------------------------------------------------------------------------------
# Database-specific checks (markers ``postgresql``, ``sqlite``) run only on their database and are reported on the
# other; browser tests need Chromium. With
# STRICT=1 (CI) a skipped test fails the run, so CI proves everything.


def _is_sqlite() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def pytest_collection_modifyitems(config, items):
    other = "postgresql" if _is_sqlite() else "sqlite"
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker(other) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
        config._other_db_only = (other, [item.nodeid for item in dropped])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    other, nodeids = getattr(config, "_other_db_only", ("", []))
    for nodeid in nodeids:
        terminalreporter.write_line(f"{other} only, runs in the {other} suite: {nodeid}")


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("STRICT") == "1" and skipped and session.exitstatus == 0:
        session.exitstatus = 1
        if reporter:
            reporter.write_line(f"STRICT=1: {len(skipped)} test(s) skipped; nothing may be skipped in CI", red=True)
