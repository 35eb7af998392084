"""The org form thinks for the clerk: the code it proposes is the code the org is saved under when the clerk
accepts it, and a form shown again with an error keeps everything that was typed (and still proposes the same
code)."""

import re

from django.urls import reverse

from orgs.models import Org

TYPED = {
    "code": "ua11",  # taken by 甲一机械 (the service refuses it)
    "name": "甲四精密模具有限公司工会",
    "short_name": "甲四精密工会",
    "kind": "grassroots",
    "uscc": "",
    "region": "浙江省宁波市甬东区",
    "address": "东柳街道华严街 18 号",
    "founded_on": "2019-05-01",
    "chair_name": "王建国",
    "contact_name": "李红",
    "contact_phone": "13805740001",
}


def _value(html: str, name: str) -> str | None:
    """The value an input or select of the page holds for ``name``."""
    field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    if field:
        value = re.search(r'value="([^"]*)"', field.group(0))
        return value.group(1) if value else ""
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(0)) if select else None
    return chosen.group(1) if chosen else None


def _hint(html: str) -> str:
    return re.search(r"建议“([^”]+)”", html).group(1)


def test_the_proposed_code_is_the_code_saved(tree, users, login):
    client = login(users.town)
    url = reverse("orgs:create", args=[tree.town_a.pk])
    html = client.get(url).content.decode()
    proposed = _hint(html)
    assert _value(html, "code") == proposed == "UA14"  # the field holds what the hint says
    response = client.post(url, {**TYPED, "code": _value(html, "code")})
    assert response.status_code == 302
    assert Org.objects.get(name=TYPED["name"]).code == proposed


def test_a_form_shown_again_with_an_error_keeps_what_was_typed(tree, users, login):
    client = login(users.town)
    url = reverse("orgs:create", args=[tree.town_a.pk])
    proposed = _hint(client.get(url).content.decode())

    # Refused by the service (the code is taken) ...
    html = client.post(url, TYPED).content.decode()
    assert "已被使用" in html
    # ... and by the form (a date that does not exist).
    html_date = client.post(url, {**TYPED, "code": "UA20", "founded_on": "2019-02-30"}).content.decode()
    assert "请填写正确的日期" in html_date
    for page, typed in ((html, TYPED), (html_date, {**TYPED, "code": "UA20", "founded_on": "2019-02-30"})):
        for name, value in typed.items():
            assert _value(page, name) == value, (name, _value(page, name), value)
        assert _hint(page) == proposed  # the hint still names the code that would be saved
    assert not Org.objects.filter(name=TYPED["name"]).exists()

    # Accepting the hint after the error saves exactly the hinted code.
    assert client.post(url, {**TYPED, "code": proposed}).status_code == 302
    assert Org.objects.get(name=TYPED["name"]).code == proposed
