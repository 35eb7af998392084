"""A worker's own page (/m/, where the member login lands) leads to every service the apps offer members: its
shortcuts are the declared home tiles (core.menus), so care, places and notices are one tap away like activities
and appeals, and nothing a guest would see (申请入会) is offered."""

import re

from django.urls import reverse

from core.menus import tiles_for
from members import joining
from members.models import Member
from members.tests.factories import member


def test_the_members_own_page_shows_every_tile_a_member_has(tree, users, login, rf):
    worker = member(tree.union_a1, users.union, 5101)
    joining.ensure_account(worker)
    worker = Member.objects.select_related("user").get(pk=worker.pk)
    client = login(worker.user)

    html = client.get(reverse("members:home")).content.decode()
    shown = re.findall(r'<a class="tile[^"]*" href="([^"]+)">.*?<h2[^>]*>([^<]+)</h2>', html)
    home = client.get("/").content.decode()
    on_home = re.findall(r'<a class="tile[^"]*" href="([^"]+)">.*?<h2[^>]*>([^<]+)</h2>', home)
    assert shown == on_home  # the same shortcuts, in the same order
    labels = [label for _url, label in shown]
    for label in ("电子会员证", "活动报名", "诉求与建议", "关心关爱", "附近驿站", "工会通知"):
        assert label in labels, (label, labels)
    assert "申请入会" not in labels
    request = rf.get("/")
    request.user = worker.user
    assert [t["label"] for t in tiles_for(request)] == labels
