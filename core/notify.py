"""Notifications to people (an activity cancelled, a waitlisted seat confirmed, an appeal answered) through a
pluggable backend chosen by ``NOTIFY_BACKEND``: ``console`` (default, logged), ``locmem`` (tests: ``outbox``), or a
dotted path to a class with ``send(user, title, body)`` (WeChat, an app push, SMS in production)."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger("core.notify")


@dataclass(frozen=True)
class Notice:
    user_id: int
    title: str
    body: str


outbox: list[Notice] = []


class ConsoleBackend:
    def send(self, user, title: str, body: str) -> None:
        logger.warning("notify %s: %s — %s", user, title, body)


class LocmemBackend:
    def send(self, user, title: str, body: str) -> None:
        outbox.append(Notice(user.pk, title, body))


BACKENDS = {"console": ConsoleBackend, "locmem": LocmemBackend}


def notify(users, title: str, body: str) -> None:
    """Tell each of ``users`` (those without an account are skipped) once the current transaction commits, so a
    rolled-back change never sends a message."""
    recipients = [u for u in users if u is not None]
    if not recipients:
        return
    name = getattr(settings, "NOTIFY_BACKEND", "console")

    def send():
        backend = BACKENDS[name]() if name in BACKENDS else import_string(name)()
        for user in recipients:
            backend.send(user, title, body)

    transaction.on_commit(send)
