"""Acceptance 3 (retention), with frozen time: each declared rule deletes what is past its period and nothing else;
job rows stay, saying their file expired."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from appeals.models import PhoneCode
from core.models import AuditEvent, Job
from ops.services import retention

NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)


def _job(tree, users, *, finished, name):
    job = Job.objects.create(
        kind="members.import", org=tree.union_a1, created_by=users.union, status=Job.Status.FAILED, message="有错误"
    )
    job.input_file.save(f"{name}.xlsx", ContentFile(b"in"), save=False)
    job.output_file.save(f"{name}-errors.xlsx", ContentFile(b"out"), save=False)
    job.finished_at = finished
    job.save()
    return job


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_FILE = tmp_path / "sms.log"
    return tmp_path


@pytest.mark.django_db
def test_retention_with_frozen_time(tree, users, media, settings):
    with time_machine.travel(NOW - timedelta(days=40), tick=False):
        old = _job(tree, users, finished=NOW - timedelta(days=31), name="old")
        edge = _job(tree, users, finished=NOW - timedelta(days=29), name="edge")
        running = Job.objects.create(kind="members.export", org=tree.union_a1, status=Job.Status.RUNNING)
        running.input_file.save("running.xlsx", ContentFile(b"x"), save=True)
        PhoneCode.objects.create(phone="13900000001", code_hash="a" * 64, expires_at=NOW - timedelta(days=31))
        PhoneCode.objects.create(phone="13900000002", code_hash="b" * 64, expires_at=NOW - timedelta(days=29))
    lines = [
        {"at": (NOW - timedelta(days=45)).isoformat(), "phone": "13900000001", "text": "验证码 1234"},
        {"at": (NOW - timedelta(days=1)).isoformat(), "phone": "13900000002", "text": "验证码 5678"},
    ]
    settings.SMS_FILE.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    old_files = [old.input_file.name, old.output_file.name]

    with time_machine.travel(NOW, tick=False):
        removed = call_command_and_read()
    assert removed == {"job_files": 2, "phone_codes": 1, "sms_log": 1, "task_results": 0}

    old.refresh_from_db()
    assert not old.input_file and not old.output_file
    assert "文件已于 2026-12-03 按保留期限删除" in old.message and old.result["file_expired_on"] == "2026-12-03"
    assert not any(default_storage.exists(n) for n in old_files)
    edge.refresh_from_db()
    assert edge.input_file and default_storage.exists(edge.output_file.name)
    running.refresh_from_db()
    assert running.input_file  # unfinished jobs never expire
    assert list(PhoneCode.objects.values_list("phone", flat=True)) == ["13900000002"]
    assert [json.loads(x)["phone"] for x in settings.SMS_FILE.read_text().splitlines()] == ["13900000002"]
    event = AuditEvent.objects.get(action="ops.retention.applied")
    assert event.data["removed"]["job_files"] == 2

    # A day later the edge job is still inside its 30 days; two days later it goes. Running again changes nothing.
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        assert retention.apply_retention()["job_files"] == 2
        assert retention.apply_retention()["job_files"] == 0


@pytest.mark.django_db
def test_periods_are_configurable(tree, users, media, settings):
    settings.RETENTION_DAYS = {"job_files": 7}
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        job = _job(tree, users, finished=NOW - timedelta(days=8), name="week")
    with time_machine.travel(NOW, tick=False):
        assert retention.apply_retention()["job_files"] == 2
    job.refresh_from_db()
    assert not job.output_file


def call_command_and_read():
    call_command("apply_retention", verbosity=0)
    return AuditEvent.objects.filter(action="ops.retention.applied").latest("pk").data["removed"]
