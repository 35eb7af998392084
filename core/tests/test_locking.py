"""core.locking: rows locked in the declared order, a lock out of order refused in development and tests, and a
lock that cannot be had in time answers 系统繁忙 instead of hanging or failing with a 500."""

import threading

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError

from core import locking
from core.errors import DomainError
from orgs.models import Enterprise, Org


def test_lock_returns_rows_in_primary_key_order(tree):
    with transaction.atomic():
        rows = locking.lock(Org.objects.filter(pk__in=[tree.union_b1.pk, tree.district.pk, tree.town_a.pk]))
    assert [r.pk for r in rows] == sorted([tree.union_b1.pk, tree.district.pk, tree.town_a.pk])


def test_lock_one_finds_the_row_or_says_it_does_not_exist(tree):
    with transaction.atomic():
        assert locking.lock_one(Org, pk=tree.town_a.pk) == tree.town_a
        with pytest.raises(Org.DoesNotExist):
            locking.lock_one(Org, pk=-1)


def test_locks_need_a_transaction(db, settings):
    with pytest.raises(TransactionManagementError):
        locking.lock(Org.objects.all())


def test_a_lower_rank_after_a_higher_one_is_refused(tree):
    with transaction.atomic():
        locking.lock(Org.objects.filter(pk=tree.town_a.pk))
        locking.lock(Enterprise.objects.filter(pk=tree.ent_a1.pk))  # 10 then 20: in order
        with pytest.raises(locking.LockOrderError):
            locking.lock(Org.objects.filter(pk=tree.town_b.pk))  # back to 10: out of order


def test_each_service_transaction_starts_its_own_order(tree):
    """Two services called one after the other in one test are two transactions in production: no false alarm."""
    with transaction.atomic():
        locking.lock(Enterprise.objects.filter(pk=tree.ent_a1.pk))
    with transaction.atomic():
        locking.lock(Org.objects.filter(pk=tree.town_a.pk))


def test_a_model_without_a_rank_cannot_be_locked(tree):
    from accounts.models import Grant

    with transaction.atomic(), pytest.raises(locking.LockOrderError, match="LOCK_RANK"):
        locking.lock(Grant.objects.all())


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_lock_held_too_long_answers_busy(tree, settings):
    """One transaction holds the org's row; another gives up after LOCK_TIMEOUT_SECONDS with ``busy`` (503)."""
    from django.db import connection

    settings.LOCK_TIMEOUT_SECONDS = 0.3
    held, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                locking.lock_one(Org, pk=tree.town_a.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(10)
        with pytest.raises(DomainError) as caught, transaction.atomic():
            locking.lock_one(Org, pk=tree.town_a.pk)
        assert caught.value.code == "busy" and caught.value.status == 503
    finally:
        release.set()
        thread.join()


# --- Every select_for_update goes through the lock helpers ------------------------------------------------------


def lock_sites(root) -> list[str]:
    """``path:line`` of every ``select_for_update`` in the non-test Python files of the project's apps under
    ``root``, outside an app's ``locking.py`` and ``core/locking.py`` (the helpers everything else calls)."""
    import ast
    from pathlib import Path

    packages = [d for d in sorted(Path(root).iterdir()) if (d / "__init__.py").exists() and not d.is_symlink()]
    found = []
    for path in (p for package in packages for p in sorted(package.rglob("*.py"))):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts or path.name == "locking.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr == "select_for_update") or (
                isinstance(node, ast.Name) and node.id == "select_for_update"
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_no_select_for_update_outside_the_lock_helpers(settings):
    """docs/layout.md: every row lock is taken through ``core.locking``, from the app's ``locking.py``, where its
    order is written down."""
    sites = lock_sites(settings.BASE_DIR)
    assert not sites, "select_for_update outside a locking.py (use core.locking from the app's locking.py):\n" + (
        "\n".join(sites)
    )


def test_a_stray_select_for_update_is_found(tmp_path):
    """The test of the test: a service that locks by itself is reported; the same call in locking.py is not."""
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "services.py").write_text(
        "def pay(order):\n    return Order.objects.select_for_update().get(pk=order.pk)\n"
    )
    (tmp_path / "shop" / "locking.py").write_text("def lock(qs):\n    return qs.select_for_update()\n")
    (tmp_path / "shop" / "tests").mkdir()
    (tmp_path / "shop" / "tests" / "test_x.py").write_text("x = Order.objects.select_for_update()\n")
    assert lock_sites(tmp_path) == ["shop/services.py:2"]


def test_a_row_already_held_may_be_locked_again_out_of_order(tree):
    """Re-locking a row the transaction holds cannot wait on anyone, so the order check lets it through; a row not
    held yet is still refused."""
    with transaction.atomic():
        locking.lock_one(Org, pk=tree.town_a.pk)
        locking.lock_one(Enterprise, pk=tree.ent_a1.pk)
        assert locking.lock_one(Org, pk=tree.town_a.pk) == tree.town_a  # held already: granted
        with pytest.raises(locking.LockOrderError):
            locking.lock_one(Org, pk=tree.town_b.pk)


def test_each_service_in_a_batch_checks_its_own_order(tree):
    """seed_demo runs every service in one transaction (``batch``): each service call inside starts its own order,
    as in production; outside a batch the wrapping transaction is one service transaction."""

    def service(first, second):
        with transaction.atomic():
            locking.lock(first)
            locking.lock(second)

    orgs, ents = Org.objects.filter(pk=tree.town_a.pk), Enterprise.objects.filter(pk=tree.ent_a1.pk)
    with transaction.atomic(), locking.batch():
        service(orgs, ents)
        service(orgs, ents)  # a new service transaction: the org may be locked again first
    with pytest.raises(locking.LockOrderError), transaction.atomic():
        service(orgs, ents)
        service(Org.objects.filter(pk=tree.town_b.pk), ents)


def test_every_lockable_model_has_a_rank_of_its_own():
    """Two models sharing a rank could be locked in either order without ``LockOrderError``: a deadlock the check
    cannot see. Each app takes a free band of ranks (docs/layout.md)."""
    from django.apps import apps

    ranks: dict[int, list[str]] = {}
    for model in apps.get_models():
        if "LOCK_RANK" in vars(model):
            ranks.setdefault(model.LOCK_RANK, []).append(model._meta.label)
    shared = {rank: labels for rank, labels in ranks.items() if len(labels) > 1}
    assert not shared, f"models sharing a LOCK_RANK: {shared}"
