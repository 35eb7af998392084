"""Re-encrypt every stored ID number under the current ``PII_KEY`` and rebuild its keyed look-up hash.

How a rotation goes (docs/operations.md, "Rotating the personal-data key"): set ``PII_KEY`` to the new secret and
``PII_OLD_KEYS`` to the old one, restart, run ``manage.py rotate_pii_key``, then drop ``PII_OLD_KEYS``. While it
runs every write already uses the new key, reads decrypt under either key, and look-ups by ID number try both
hashes (``core.pii.lookup_hashes``), so searches find the same people before, during and after.

Work is done in batches of rows in primary-key order, each batch one transaction. A row still to do is one whose
ciphertext does not name the current key id, so a run that is interrupted (killed, a crash, ``--max-batches``)
resumes where it stopped when started again: nothing records progress but the rows themselves. Each row is
written with a compare-and-set on its old ciphertext, so a concurrent edit (which writes under the new key
anyway) is never overwritten with a stale number.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

from core import audit, pii

from .. import errors

BATCH_SIZE = 1000


def encrypted_models() -> list:
    """Every concrete model holding an encrypted ID document (``members.models.PersonalIdMixin``'s fields)."""
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if {"id_type", "id_cipher", "id_hash"} <= names and not model._meta.proxy:
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label)


def _pending(model):
    prefix = f"{pii.current_key_id()}{pii.SEPARATOR}"
    return model._base_manager.exclude(id_cipher__startswith=prefix).exclude(id_cipher="")


def remaining() -> dict[str, int]:
    """Rows per model still under a retired key (or written before key ids)."""
    return {model._meta.label: _pending(model).count() for model in encrypted_models()}


def key_ids_in_use() -> dict[str, int]:
    """How many stored ID numbers each key id holds (``legacy``: written before key ids), for the console."""
    counts: dict[str, int] = {}
    for model in encrypted_models():
        for cipher in model._base_manager.exclude(id_cipher="").values_list("id_cipher", flat=True).iterator(5000):
            kid = pii.key_id_of(cipher) or "legacy"
            counts[kid] = counts.get(kid, 0) + 1
    return counts


@dataclass
class RotationRun:
    key_id: str
    rewritten: dict[str, int] = field(default_factory=dict)
    skipped: int = 0  # rows changed by someone else between read and write (already under the new key)
    batches: int = 0
    left: dict[str, int] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return not any(self.left.values())


def _rotate_batch(model, rows) -> tuple[int, int]:
    done = skipped = 0
    with transaction.atomic():
        for pk, id_type, cipher in rows:
            try:
                number = pii.decrypt(cipher)
            except ValueError:
                raise errors.UNREADABLE_CIPHERTEXT(model=model._meta.label, pk=pk) from None
            changed = model._base_manager.filter(pk=pk, id_cipher=cipher).update(
                id_cipher=pii.encrypt(number), id_hash=pii.lookup_hash(id_type, number)
            )
            done += changed
            skipped += 1 - changed
    return done, skipped


def rotate(*, batch_size: int = BATCH_SIZE, max_batches: int | None = None, progress=None) -> RotationRun:
    """Re-encrypt rows still under a retired key, ``batch_size`` per transaction, stopping after ``max_batches``
    (None: until done). Run again to resume. ``progress(label, done)`` is called after each batch."""
    run = RotationRun(key_id=pii.current_key_id())
    audit.record(
        "ops.pii_key.rotation_started",
        actor_name="manage.py rotate_pii_key",
        data={"key_id": run.key_id, "retired": [pii.key_id(s) for s in pii.retired_secrets()], "left": remaining()},
    )
    stopped = False
    for model in encrypted_models():
        label = model._meta.label
        run.rewritten.setdefault(label, 0)
        last = 0
        while not stopped:
            rows = list(
                _pending(model)
                .filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "id_type", "id_cipher")[:batch_size]
            )
            if not rows:
                break
            done, skipped = _rotate_batch(model, rows)
            last = rows[-1][0]
            run.rewritten[label] += done
            run.skipped += skipped
            run.batches += 1
            if progress:
                progress(label, run.rewritten[label])
            if max_batches is not None and run.batches >= max_batches:
                stopped = True
    run.left = remaining()
    audit.record(
        "ops.pii_key.rotated",
        actor_name="manage.py rotate_pii_key",
        outcome="success" if run.finished else "failure",
        data={
            "key_id": run.key_id,
            "rewritten": run.rewritten,
            "skipped": run.skipped,
            "batches": run.batches,
            "left": run.left,
        },
    )
    return run
