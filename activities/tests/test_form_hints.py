"""Forms that think for the clerk: the activity form's hints name the user's own org code, not a made-up one, and
the choice lists start with 请选择 rather than a row of dashes."""

from django.urls import reverse


def test_the_activity_form_hints_name_a_real_code(tree, users, login):
    # A 基层工会 clerk is not asked for the organiser (their union is filled in); the audience hint names it.
    html = login(users.union).get(reverse("activities:staff_create")).content.decode()
    assert "如“UA11”" in html and "D001" not in html
    html = login(users.town).get(reverse("activities:staff_create")).content.decode()
    assert "如本单位“TA01”" in html and "如“TA01”" in html


def test_choice_lists_start_with_please_choose(tree, users, login):
    client = login(users.district)
    for name in ("activities:partner_create", "activities:series_create"):
        html = client.get(reverse(name)).content.decode()
        assert "---------" not in html, name
    assert '<option value="">请选择</option>' in client.get(reverse("activities:partner_create")).content.decode()
