"""The 系统运行 page: the 系统管理员 sees health, backups and retention; union staff do not."""

import pytest
from django.utils import timezone

from ops.services import backup


@pytest.mark.django_db
def test_sysadmin_sees_the_last_backup_and_its_size(users, login, settings, tmp_path):
    settings.BACKUP_DIR = str(tmp_path)
    archive = tmp_path / backup.archive_name(timezone.now())
    archive.write_bytes(b"x" * 2048)
    response = login(users.sysadmin).get("/console/ops/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "系统运行" in html and archive.name in html and "2.0\xa0KB" in html.replace("&nbsp;", "\xa0")
    assert "导入导出文件、错误报告" in html and "30 天" in html


@pytest.mark.django_db
def test_an_empty_backup_folder_says_so(users, login, settings, tmp_path):
    settings.BACKUP_DIR = str(tmp_path)
    html = login(users.sysadmin).get("/console/ops/").content.decode()
    assert "还没有备份" in html and "备份目录中没有备份文件" in html


@pytest.mark.django_db
def test_union_staff_are_refused(users, login):
    assert login(users.district).get("/console/ops/").status_code == 403
    assert login(users.union).get("/console/ops/").status_code == 403
    assert login(users.sysadmin).post("/console/ops/").status_code == 405
