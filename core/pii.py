"""Personal data at rest: 身份证号 and other ID numbers are encrypted (Fernet: AES-128-CBC + HMAC-SHA256), looked up
and kept unique through a keyed hash (HMAC-SHA256), and shown masked by default (PIPL art. 28/29/51).

Both keys are derived from ``settings.PII_KEY`` (generated into ``var/`` on first run, from the vault in
production), so the database alone reveals no ID number: a dump holds ciphertext and hashes that cannot be
reversed or recomputed without the key.

Key rotation (docs/decisions/0012-pii-key-rotation.md): ciphertext is stored as ``<key id>:<Fernet token>``, the key
id being a fingerprint of the secret it was made with. While a rotation runs, ``PII_KEY`` is the new secret (every
write uses it) and ``PII_OLD_KEYS`` lists the retired ones, which still decrypt and whose hashes look-ups still try
(``lookup_hashes``); ``manage.py rotate_pii_key`` re-encrypts and re-hashes the rows still under a retired key.
Ciphertext written before key ids existed has no prefix and is tried against every configured key.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

SEPARATOR = ":"  # never in a Fernet token (URL-safe base64)


@cache
def _keys(secret: str) -> tuple[Fernet, bytes]:
    def derive(label: bytes) -> bytes:
        return hmac.new(secret.encode(), label, hashlib.sha256).digest()

    return Fernet(base64.urlsafe_b64encode(derive(b"union-platform/pii/encrypt/v1"))), derive(
        b"union-platform/pii/lookup/v1"
    )


@cache
def key_id(secret: str) -> str:
    """A short public fingerprint of a secret (8 hex digits): names the key a ciphertext was made with, and goes
    into backup manifests. It reveals nothing of the secret (a keyed hash of a fixed label)."""
    return hmac.new(secret.encode(), b"union-platform/pii/key-id/v1", hashlib.sha256).hexdigest()[:8]


def current_secret() -> str:
    return settings.PII_KEY


def retired_secrets() -> list[str]:
    """The secrets being rotated away from: they still decrypt and look up, and are never used to write."""
    return [s for s in getattr(settings, "PII_OLD_KEYS", []) or [] if s and s != settings.PII_KEY]


def current_key_id() -> str:
    return key_id(settings.PII_KEY)


def encrypt(value: str) -> str:
    """Ciphertext for storage, under the current key (ASCII, about 110 characters for an ID number)."""
    fernet, _ = _keys(settings.PII_KEY)
    return f"{key_id(settings.PII_KEY)}{SEPARATOR}{fernet.encrypt(value.encode()).decode()}"


def key_id_of(token: str) -> str | None:
    """The key id a stored ciphertext names, or None for one written before key ids."""
    kid, sep, _ = token.partition(SEPARATOR)
    return kid if sep else None


def decrypt(token: str) -> str:
    """The plain value; raises ``ValueError`` if the ciphertext was not made with a configured key."""
    secrets = [settings.PII_KEY, *retired_secrets()]
    kid, sep, body = token.partition(SEPARATOR)
    if sep:
        secrets = [s for s in secrets if key_id(s) == kid]
    else:
        body = token
    for secret in secrets:
        fernet, _ = _keys(secret)
        try:
            return fernet.decrypt(body.encode()).decode()
        except InvalidToken:
            continue
    raise ValueError("ciphertext does not match PII_KEY (nor any of PII_OLD_KEYS)")


def lookup_hash(kind: str, value: str, *, secret: str | None = None) -> str:
    """A keyed hash of (document kind, normalised number) under the current key (or ``secret``): equal inputs give
    equal hashes, for uniqueness and exact search, and nobody without the key can test guesses against it."""
    _, key = _keys(secret or settings.PII_KEY)
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def lookup_hashes(kind: str, value: str) -> list[str]:
    """Every hash the number may be stored under: the current key's first, then the retired keys' (only while a
    rotation runs). Searches and uniqueness checks filter ``id_hash__in`` this list."""
    return [lookup_hash(kind, value), *(lookup_hash(kind, value, secret=s) for s in retired_secrets())]


def retired_hashes(kind: str, value: str) -> list[str]:
    """The hashes of the number under the retired keys (empty when no rotation runs)."""
    return [lookup_hash(kind, value, secret=s) for s in retired_secrets()]


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
