"""Row locks in one order, in one place: every ``select_for_update`` of the platform goes through here.

Two transactions that lock the same rows in opposite orders deadlock under load (NetBox #2519, Saleor's
``lock_objects.py``). So:

- every lockable model declares ``LOCK_RANK`` (an int; see the table in ``docs/layout.md``): parents before
  children, the org tree first;
- within a transaction, locks are taken in ascending rank (``LockOrderError`` otherwise, checked when
  ``settings.LOCK_ORDER_CHECK`` is on: in development and in every test run), and rows of one model in ascending
  primary key (``lock`` orders them);
- a row the transaction holds already may be locked again at any point (``lock_one`` by primary key): the database
  grants it at once, so it cannot deadlock (a workflow that locks an order and then its activity locks the activity
  first; the activities service it calls re-locks it);
- on PostgreSQL a lock waits at most ``settings.LOCK_TIMEOUT_SECONDS`` (``SET LOCAL lock_timeout``); a lock that
  cannot be had in that time, or a deadlock the database breaks, becomes ``core.errors.BUSY`` (503, 系统繁忙), never
  a 500. On SQLite there are no row locks: ``transaction_mode=IMMEDIATE`` makes every write transaction take the
  database's one write lock up front, which serialises writers.

Each app keeps its few locking functions (which rows, in which order, for which workflow step) in its own
``locking.py``, built on ``lock`` and ``lock_one`` from here.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.transaction import TransactionManagementError

from .errors import BUSY

# PostgreSQL's SQLSTATEs for "could not obtain lock" (lock_timeout, NOWAIT) and "deadlock detected".
_BUSY_STATES = {"55P03", "40P01"}


class LockOrderError(AssertionError):
    """A transaction locked a row of a lower rank after one of a higher rank: a deadlock waiting to happen."""


def _service_transaction_key():
    """What identifies the current service-level transaction: the outermost atomic block that is not a test's own
    wrapper (pytest-django and TestCase run each test inside atomics of their own; a service called twice in one
    test runs two transactions in production) nor a ``batch``. ``None`` outside any transaction."""
    blocks = connection.atomic_blocks
    if not blocks:
        return None
    # Inside a batch, the service transactions are the blocks opened within it (whatever wraps the batch).
    start = max((i + 1 for i, b in enumerate(blocks) if getattr(b, "_batch", False)), default=0)
    first = next((i for i in range(start, len(blocks)) if not getattr(blocks[i], "_from_testcase", False)), None)
    if first is None:
        return None
    # The outermost block has no savepoint; nested ones have one each (``savepoint_ids`` is aligned with blocks[1:]),
    # named with a counter, so a savepoint id is unique per entry into the block. ``run_on_commit`` is a fresh list
    # for every real transaction (kept referenced in the state, so its identity cannot be reused).
    sid = connection.savepoint_ids[first - 1] if first >= 1 and first - 1 < len(connection.savepoint_ids) else None
    return (connection.run_on_commit, sid)


def _state():
    key = _service_transaction_key()
    if key is None:
        raise TransactionManagementError("locks are taken inside a transaction (transaction.atomic)")
    state = getattr(connection, "_lock_order_state", None)
    if state is None or state["key"][0] is not key[0] or state["key"][1] != key[1]:
        state = {"key": key, "rank": None, "model": None, "timeout_set": False, "held": set()}
        connection._lock_order_state = state
    return state


def _check_order(state, model) -> None:
    rank = getattr(model, "LOCK_RANK", None)
    if rank is None:
        raise LockOrderError(f"{model._meta.label} has no LOCK_RANK: declare one (docs/layout.md) before locking it")
    if getattr(settings, "LOCK_ORDER_CHECK", False) and state["rank"] is not None and rank < state["rank"]:
        raise LockOrderError(
            f"{model._meta.label} (rank {rank}) locked after {state['model']} (rank {state['rank']}): "
            "lock in ascending LOCK_RANK (docs/layout.md)"
        )
    if state["rank"] is None or rank >= state["rank"]:
        state["rank"], state["model"] = rank, model._meta.label


def _set_timeout(state) -> None:
    if connection.vendor == "postgresql" and not state["timeout_set"]:
        seconds = getattr(settings, "LOCK_TIMEOUT_SECONDS", 10)
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{int(seconds * 1000)}ms'")
        state["timeout_set"] = True


@contextmanager
def _busy_on_timeout():
    try:
        yield
    except (OperationalError, DatabaseError) as exc:
        if getattr(getattr(exc, "__cause__", None), "sqlstate", None) in _BUSY_STATES:
            raise BUSY() from exc
        raise


@contextmanager
def batch():
    """One transaction around many service calls (``seed_demo`` builds the whole demo or nothing). Each service
    called inside checks its lock order from scratch, as in production, where each runs in its own transaction; the
    locks are still held to the end, so use it only where nothing else writes meanwhile."""
    with transaction.atomic():
        connection.atomic_blocks[-1]._batch = True
        yield


def lock(queryset, *, skip_locked: bool = False, of=("self",), _held_pk=None) -> list:
    """Lock the rows of ``queryset`` (``SELECT … FOR UPDATE``, in primary-key order) and return them.

    Only the queryset's own rows are locked (``of=("self",)``), not those its ``select_related`` joins read, so a
    join never takes a lock out of order. ``skip_locked`` (PostgreSQL) leaves rows another transaction holds, for
    work queues where any free row will do."""
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("locks are taken inside a transaction (transaction.atomic)")
    state = _state()
    label = queryset.model._meta.label
    if _held_pk is None or (label, _held_pk) not in state["held"]:
        _check_order(state, queryset.model)
    _set_timeout(state)
    with _busy_on_timeout():
        rows = list(queryset.select_for_update(of=of, skip_locked=skip_locked).order_by("pk"))
    state["held"].update((label, row.pk) for row in rows)
    return rows


def lock_one(queryset, **lookup):
    """Lock the one row of ``queryset`` matching ``lookup`` and return it (``DoesNotExist`` when there is none)."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    pk = lookup.get("pk", lookup.get("id")) if len(lookup) == 1 else None
    rows = lock(queryset.filter(**lookup), _held_pk=pk)
    if not rows:
        raise queryset.model.DoesNotExist(f"{queryset.model._meta.object_name} matching {lookup} does not exist")
    if len(rows) > 1:
        raise queryset.model.MultipleObjectsReturned(f"{len(rows)} rows match {lookup}")
    return rows[0]
