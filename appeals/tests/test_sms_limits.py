"""Texting verification codes is limited per number, per client address and in all (issue 13, "abuse limits"); the
limits are settings and each refusal is a clear 429 with ``Retry-After``."""

from datetime import timedelta

import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from appeals import services
from appeals.models import PhoneCode

URL = "/api/v1/public/appeals/phone-code"


def send(phone, ip="10.1.1.1"):
    return Client(REMOTE_ADDR=ip).post(URL, {"phone": phone}, content_type="application/json")


def phones(n, start=0):
    return [f"139{i:08d}" for i in range(start, start + n)]


@override_settings(SMS_CODES_PER_IP_HOUR=3)
def test_one_address_may_ask_for_a_few_codes_an_hour(db):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for phone in phones(3):
            assert send(phone).status_code == 202
        refused = send("13900009999")
        assert refused.status_code == 429 and refused.json()["code"] == "code_ip_limit"
        assert "本网络" in refused.json()["message"]
        assert 3500 < int(refused["Retry-After"]) <= 3601
        # Another address is not held back by this one.
        assert send("13900009999", ip="10.2.2.2").status_code == 202
        # An hour later the address may ask again.
        traveller.shift(timedelta(minutes=61))
        assert send("13900008888").status_code == 202
    assert PhoneCode.objects.filter(ip="10.1.1.1").count() == 4


@override_settings(SMS_CODES_PER_HOUR=4)
def test_all_addresses_together_are_limited(db):
    for i, phone in enumerate(phones(4)):
        assert send(phone, ip=f"10.3.0.{i + 1}").status_code == 202
    refused = send("13900007777", ip="10.3.9.9")
    assert refused.status_code == 429 and refused.json()["code"] == "code_busy"
    assert int(refused["Retry-After"]) > 0
    assert PhoneCode.objects.count() == 4


def test_the_number_limits_still_hold_and_say_when(db):
    assert send("13900006666").status_code == 202
    again = send("13900006666", ip="10.4.4.4")
    assert again.status_code == 429 and again.json()["code"] == "code_too_frequent"
    assert again["Retry-After"] == "60"


@override_settings(SMS_CODES_PER_IP_HOUR=2)
def test_the_service_takes_the_address_from_the_request_or_the_caller(db):
    services.send_phone_code("13900005555", ip="10.5.5.5")
    services.send_phone_code("13900005556", ip="10.5.5.5")
    try:
        services.send_phone_code("13900005557", ip="10.5.5.5")
    except Exception as exc:
        assert exc.code == "code_ip_limit" and exc.status == 429
    else:
        raise AssertionError("a third code from the same address within the hour was sent")
