"""Text messages (one-time links, verification codes) through a pluggable backend, chosen by ``SMS_BACKEND``:

- ``console`` (default): logged and printed, for development;
- ``file``: appended as JSON lines to ``SMS_FILE`` (``var/sms.log``), for demos and tests across processes;
- ``locmem``: kept in ``core.sms.outbox``, for tests;
- a dotted path to a class with ``send(phone, text)``, for a real gateway in production.
"""

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("core.sms")


@dataclass(frozen=True)
class Message:
    phone: str
    text: str


outbox: list[Message] = []


class ConsoleBackend:
    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phone, text)
        print(f"[短信] {phone}: {text}", flush=True)


class FileBackend:
    def send(self, phone: str, text: str) -> None:
        path = Path(getattr(settings, "SMS_FILE", settings.VAR_DIR / "sms.log"))
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": timezone.now().isoformat(), "phone": phone, "text": text}, ensure_ascii=False)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")


class LocmemBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append(Message(phone, text))


BACKENDS = {"console": ConsoleBackend, "file": FileBackend, "locmem": LocmemBackend}


def send_sms(phone: str, text: str) -> None:
    """Send ``text`` to ``phone`` through the configured backend."""
    name = getattr(settings, "SMS_BACKEND", "console")
    backend = BACKENDS[name]() if name in BACKENDS else import_string(name)()
    backend.send(phone, text)
