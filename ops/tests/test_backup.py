"""Acceptance 1: the backup drill on SQLite and PostgreSQL. Seed, back up while requests write (real threads),
wipe, restore, and compare every table's row count and the roster's checksum; a restore with the wrong key, into
a non-empty target, from a damaged archive or from a newer schema is refused with nothing written."""

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from core.errors import DomainError
from core.models import Job
from core.testing import run_at_once
from members import services
from members.models import Member
from members.selectors import search_q
from members.tests import factories
from ops.services import backup


def _wipe() -> None:
    """What a lost disk leaves: no tables, no uploaded files."""
    from django.conf import settings

    connection.close()
    if connection.vendor == "sqlite":
        conn = sqlite3.connect(connection.settings_dict["NAME"])
        conn.execute("PRAGMA foreign_keys = OFF")
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            conn.execute(f'DROP TABLE "{name}"')
        conn.commit()
        conn.close()
    else:
        with backup._pg_connect() as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def _is_empty() -> bool:
    return backup._target_problems() == []


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def seeded(tree, users, media):
    people = [factories.person(n) for n in range(201, 231)]
    for p in people:
        services.register_member(actor=users.union, union=tree.union_a1, **p)
    job = Job.objects.create(kind="members.export", org=tree.union_a1, created_by=users.union)
    job.output_file.save("roster.xlsx", ContentFile(b"PK\x03\x04 a workbook"), save=True)
    return people


@pytest.mark.django_db(transaction=True)
def test_backup_drill_while_requests_write(seeded, users, tree, tmp_path):
    folder = tmp_path / "backups"
    writers = [
        (lambda n=n: services.register_member(actor=users.town, union=tree.union_a2, **factories.person(n)))
        for n in range(301, 341)
    ]
    # The backup starts once at least 15 registrations have committed, while the rest are still coming in.
    results, codes = run_at_once([*writers[:20], lambda: backup.create_backup(folder), *writers[20:]], workers=6)
    assert codes == []
    archive = results[20]
    assert archive.path.exists() and archive.path.name.endswith(".ubk")
    assert Member.objects.count() == 70  # every write went through

    header, _, _ = backup.read_header(archive.path)
    assert header["database"] == connection.vendor and "pii_key_ids" in header
    # Nothing personal in the clear: the archive is ciphertext after its header.
    raw = archive.path.read_bytes()
    assert b"members_member" not in raw and seeded[0]["phone"].encode() not in raw

    before = backup.live_census()
    _wipe()
    assert _is_empty()

    restored = backup.restore_backup(archive.path)
    after = backup.live_census()
    manifest = restored.manifest
    # Every table of the snapshot, with exactly the rows it had, and the roster row for row.
    # (plus the one audit event the restore itself leaves, after its comparison)
    assert after["tables"] == {**manifest["tables"], "core_auditevent": manifest["tables"]["core_auditevent"] + 1}
    assert set(manifest["tables"]) == set(before["tables"])
    assert after["checksums"]["members_member"] == manifest["checksums"]["members_member"]
    assert 45 <= manifest["tables"]["members_member"] <= 70
    # The snapshot is consistent: each member restored has its creation event (written in the same transaction).
    from core.models import AuditEvent

    restored_ids = {str(pk) for pk in Member.objects.values_list("pk", flat=True)}
    created = set(AuditEvent.objects.filter(action="members.member.registered").values_list("object_id", flat=True))
    assert restored_ids == created
    # Uploaded files came back, and the people are found by their ID numbers again.
    job = Job.objects.get(kind="members.export")
    assert job.output_file.read() == b"PK\x03\x04 a workbook"
    for p in seeded:
        assert Member.objects.filter(search_q(p["id_number"])).count() == 1
    assert restored.files == 1


@pytest.mark.django_db(transaction=True)
def test_restore_refusals_write_nothing(seeded, settings, tmp_path):
    archive = backup.create_backup(tmp_path / "b")

    # Into a non-empty target: refused, and the database and files are as they were.
    before = backup.live_census()
    with pytest.raises(DomainError) as refused:
        backup.restore_backup(archive.path)
    assert refused.value.code == "restore_target_not_empty"
    assert backup.live_census() == before

    _wipe()
    good_backup_key, good_pii_key = settings.BACKUP_KEY, settings.PII_KEY

    settings.BACKUP_KEY = "not-the-key-the-archive-was-made-with"
    with pytest.raises(DomainError) as refused:
        backup.restore_backup(archive.path)
    assert refused.value.code == "wrong_backup_key"
    assert _is_empty()
    settings.BACKUP_KEY = good_backup_key

    settings.PII_KEY = "another-personal-data-key"
    with pytest.raises(DomainError) as refused:
        backup.restore_backup(archive.path)
    assert refused.value.code == "wrong_pii_key"
    assert _is_empty()
    settings.PII_KEY = good_pii_key

    # A damaged archive (one byte changed in the middle) is refused before anything is written.
    damaged = tmp_path / archive.path.name.replace("Z.ubk", "Z-damaged.ubk")
    data = bytearray(archive.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(DomainError) as refused:
        backup.restore_backup(damaged)
    assert refused.value.code == "archive_damaged"
    assert _is_empty()

    # A truncated one too.
    damaged.write_bytes(archive.path.read_bytes()[:-40])
    with pytest.raises(DomainError) as refused:
        backup.restore_backup(damaged)
    assert refused.value.code == "archive_damaged"
    assert _is_empty()

    # And the good archive still restores after all that.
    backup.restore_backup(archive.path)
    assert Member.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_an_archive_from_a_newer_schema_is_refused(seeded, tmp_path):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
            ["members", "9999_from_the_future", datetime.now(UTC)],
        )
    archive = backup.create_backup(tmp_path / "b")
    _wipe()
    with pytest.raises(DomainError) as refused:
        backup.restore_backup(archive.path)
    assert refused.value.code == "archive_newer_schema"
    assert "9999_from_the_future" in str(refused.value.message)
    assert _is_empty()
    _restore_for_teardown(archive, tmp_path)


def _restore_for_teardown(archive, tmp_path):
    """Put the tables back so the test database can be flushed."""
    from unittest import mock

    with mock.patch.object(backup, "_newer_migrations", return_value=[]):
        backup.restore_backup(archive.path)


def test_retention_keeps_7_daily_4_weekly_12_monthly(tmp_path):
    start = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    for day in range(400):
        (tmp_path / backup.archive_name(start - timedelta(days=day))).write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("not an archive")
    kept = backup.archives_to_keep(backup.list_archives(tmp_path))
    days = sorted((a.created_at.date() for a in backup.list_archives(tmp_path) if a.path in kept), reverse=True)
    # The last 7 days, the newest of each of the last 4 weeks, the newest of each of the last 12 months.
    assert days[:7] == [(start - timedelta(days=d)).date() for d in range(7)]
    assert len({(d.year, d.month) for d in days}) == 12
    assert len(kept) == len(set(kept)) <= 7 + 4 + 12
    assert min(days) >= (start - timedelta(days=366)).date()
    assert (tmp_path / "notes.txt").exists()


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_backs_up_once_a_day_and_prunes(seeded, settings, tmp_path):
    from ops.tasks import nightly_backup

    settings.BACKUP_DIR = ""
    assert nightly_backup.enqueue().return_value == {"skipped": "BACKUP_DIR not set"}

    settings.BACKUP_DIR = str(tmp_path / "nightly")
    # Last month's archives: the policy keeps one per day for a week, one per week, one per month.
    old = Path(settings.BACKUP_DIR)
    old.mkdir()
    for day in range(1, 40):
        (old / backup.archive_name(datetime.now(UTC) - timedelta(days=day))).write_bytes(b"x")
    done = nightly_backup.enqueue().return_value
    assert done["archive"].startswith("union-backup-") and done["size"] > 0
    assert len(done["pruned"]) > 20
    again = nightly_backup.enqueue().return_value
    assert again["skipped"].startswith("last backup")
    kept = backup.list_archives(old)
    assert kept[0].path.name == done["archive"] and len(kept) <= 7 + 4 + 12
