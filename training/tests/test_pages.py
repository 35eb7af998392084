"""The console and phone pages of training: the course list (search, empty state, pinned queries), the new-course
form's Chinese errors naming the field, enrolling and checking in by scanning the e-card, finishing; the member's
courses, enrolling on the phone and the printable certificate with its QR."""

from members import cards

from ..models import Course, Enrolment
from .factories import course, finished_course_with_certificate, member_with_account, session


def test_course_list_search_and_empty_state(login, tree, users, django_assert_max_num_queries):
    client = login(users.town)
    page = client.get("/console/training/").content.decode()
    assert "尚未开设培训课程" in page
    course(tree.town_a, users.town, title="焊工实操培训")
    course(tree.town_a, users.town, title="电工技能提升班")
    with django_assert_max_num_queries(20):
        page = client.get("/console/training/?q=焊工").content.decode()
    assert "焊工实操培训" in page and "电工技能提升班" not in page
    assert "没有符合条件的课程" in client.get("/console/training/?q=无此课程").content.decode()


def test_list_queries_do_not_grow_with_rows(login, tree, users, django_assert_num_queries):
    client = login(users.town)
    course(tree.town_a, users.town)
    client.get("/console/training/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/console/training/")
    for n in range(5):
        course(tree.town_a, users.town, title=f"课程{n}")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/console/training/")


def test_new_course_form_errors_name_the_field(login, tree, users):
    client = login(users.town)
    response = client.post(
        "/console/training/new/",
        {"org": "TA01", "title": "数控车床", "kind": "skill", "starts_on": "2026-06-01", "capacity": "30",
         "sessions_required": "2", "fee": "1,00x", "subsidy": "50", "provider_name": ""},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and not Course.objects.exists()
    assert "请选择工匠学堂或填写学校名称" in page and "请填写不小于 0、最多两位小数的金额" in page
    response = client.post(
        "/console/training/new/",
        {"org": "TA01", "title": "数控车床", "kind": "skill", "starts_on": "2026-06-01", "capacity": "30",
         "sessions_required": "2", "fee": "800", "subsidy": "400", "provider_name": "宁波技师学院"},
    )  # fmt: skip
    c = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/console/training/{c.pk}/"


def test_enrol_check_in_and_finish_on_the_console(login, tree, users):
    client = login(users.town)
    c = course(tree.town_a, users.town, sessions_required=1)
    s = session(c, users.town)
    worker = member_with_account(tree.union_a1, users.union, 41)
    response = client.post(f"/console/training/{c.pk}/enrol/", {"code": cards.verify_url(worker)})
    assert response.status_code == 302
    response = client.post(f"/console/training/sessions/{s.pk}/", {"code": "不存在"})
    assert "未找到有效会员" in response.content.decode()
    response = client.post(f"/console/training/sessions/{s.pk}/", {"code": worker.card_no}, follow=True)
    assert f"{worker.name} 签到成功" in response.content.decode()
    response = client.post(f"/console/training/{c.pk}/finish/", follow=True)
    assert "1 人结业并发放证书" in response.content.decode()
    cert = Enrolment.objects.get(course=c).certificate
    page = client.get(f"/console/training/certificates/{cert.pk}/").content.decode()
    assert "结业证书" in page and cert.number in page and "<svg" in page
    # Another union's clerk may see nothing of it.
    other = login(users.union_b)
    assert other.get(f"/console/training/{c.pk}/").status_code == 404


def test_member_pages(login, tree, users):
    worker = member_with_account(tree.union_a1, users.union, 51)
    cert = finished_course_with_certificate(tree.town_a, users.town, worker)
    c = course(tree.district, users.district, title="职工学历提升（大专）班", kind="degree")
    client = login(worker.user)
    home = client.get("/").content.decode()
    assert "/m/training/" in home
    page = client.get("/m/training/").content.decode()
    assert "职工学历提升（大专）班" in page and cert.number in page
    response = client.post(f"/m/training/{c.pk}/enrol/", follow=True)
    assert "报名成功" in response.content.decode()
    assert Enrolment.objects.filter(course=c, member=worker, status="enrolled").exists()
    page = client.get(f"/m/training/certificates/{cert.pk}/").content.decode()
    assert cert.number in page and "<svg" in page and "扫码核验" in page
