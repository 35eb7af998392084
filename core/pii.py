"""Personal data at rest: 身份证号 and other ID numbers are encrypted (Fernet: AES-128-CBC + HMAC-SHA256), looked up
and kept unique through a keyed hash (HMAC-SHA256), and shown masked by default (PIPL art. 28/29/51).

Both keys are derived from ``settings.PII_KEY`` (generated into ``var/`` on first run, from the vault in
production), so the database alone reveals no ID number: a dump holds ciphertext and hashes that cannot be
reversed or recomputed without the key.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@cache
def _keys(secret: str) -> tuple[Fernet, bytes]:
    def derive(label: bytes) -> bytes:
        return hmac.new(secret.encode(), label, hashlib.sha256).digest()

    return Fernet(base64.urlsafe_b64encode(derive(b"union-platform/pii/encrypt/v1"))), derive(
        b"union-platform/pii/lookup/v1"
    )


def encrypt(value: str) -> str:
    """Ciphertext for storage (ASCII, about 100 characters for an ID number)."""
    fernet, _ = _keys(settings.PII_KEY)
    return fernet.encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The plain value; raises ``ValueError`` if the ciphertext was not made with this key."""
    fernet, _ = _keys(settings.PII_KEY)
    try:
        return fernet.decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("ciphertext does not match PII_KEY") from None


def lookup_hash(kind: str, value: str) -> str:
    """A keyed hash of (document kind, normalised number): equal inputs give equal hashes, for uniqueness and exact
    search, and nobody without the key can test guesses against it."""
    _, key = _keys(settings.PII_KEY)
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def mask_id(value: str) -> str:
    """``330203199001011234`` → ``3302**********1234``: the first and last four characters, the rest hidden."""
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 1)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``."""
    if len(value) != 11:
        return value[:3] + "****" if value else ""
    return value[:3] + "****" + value[-4:]
