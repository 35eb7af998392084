"""Backups that restore: one encrypted archive holding a consistent snapshot of the database, the uploaded files and
a manifest, and the restore that refuses anything it cannot restore exactly (docs/decisions: backup format).

The archive (``union-backup-YYYYmmddTHHMMSSZ.ubk``) is::

    UNIONBAK1\\n
    {header: format, created_at, backup_key_id, pii_key_ids, database vendor}\\n
    chunks: 4-byte length · 12-byte nonce · AES-256-GCM ciphertext of ≤ 1 MiB of a tar.gz stream

Every chunk's associated data binds the header's digest, the chunk's index and whether it is the last, so a changed
header, reordered, dropped or truncated chunks all fail to decrypt. The tar holds ``database.sqlite3`` (SQLite's
online backup API, one step: a consistent copy while the server writes) or ``database.pgdump`` (``pg_dump`` custom
format run on a snapshot exported from a REPEATABLE READ transaction), then ``media/…``, then ``manifest.json``:
versions, the migrations applied, every table's row count and a checksum of the member roster, both taken from the
same snapshot as the dump, and the SHA-256 of every other member of the tar.

Neither the archive key (``BACKUP_KEY``) nor the personal-data key (``PII_KEY``) is in the archive: the header
names their fingerprints only, so a restore with the wrong key is refused before anything is written.
"""

import hashlib
import hmac
import io
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import django
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from core import audit, pii

from .. import errors

MAGIC = b"UNIONBAK1\n"
FORMAT = 1
CHUNK = 1 << 20
SUFFIX = ".ubk"
NAME_RE = re.compile(r"^union-backup-(\d{8}T\d{6}Z)\.ubk$")
# Tables whose every row is hashed into the manifest (the rest are counted): the roster is what must never drift.
CHECKSUM_TABLES = ("members_member",)


# --- Keys -----------------------------------------------------------------------------------------------------------


def _derive(secret: str, label: bytes) -> bytes:
    return hmac.new(secret.encode(), label, hashlib.sha256).digest()


def backup_key_id(secret: str | None = None) -> str:
    """The public fingerprint of ``BACKUP_KEY`` written in every archive's header."""
    return _derive(secret or settings.BACKUP_KEY, b"union-platform/backup/key-id/v1").hex()[:8]


def _aead(secret: str) -> AESGCM:
    return AESGCM(_derive(secret, b"union-platform/backup/encrypt/v1"))


def _aad(header_digest: bytes, index: int, final: bool) -> bytes:
    return header_digest + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


class _EncryptingWriter(io.RawIOBase):
    """A write-only file object: what tarfile streams into it leaves as authenticated chunks."""

    def __init__(self, out, secret: str, header_digest: bytes):
        self.out, self.aead, self.digest = out, _aead(secret), header_digest
        self.buffer = bytearray()
        self.index = 0

    def writable(self):
        return True

    def write(self, data) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._emit(bytes(self.buffer[:CHUNK]), final=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _emit(self, data: bytes, *, final: bool) -> None:
        nonce = os.urandom(12)
        sealed = self.aead.encrypt(nonce, data, _aad(self.digest, self.index, final))
        self.out.write(len(sealed).to_bytes(4, "big") + nonce + sealed)
        self.index += 1

    def finish(self) -> None:
        self._emit(bytes(self.buffer), final=True)
        self.buffer.clear()


def read_header(path: Path) -> tuple[dict, bytes, int]:
    """The archive's plain header, its digest and where the chunks start; refuses anything else."""
    try:
        with path.open("rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise errors.NOT_AN_ARCHIVE(name=path.name)
            line = fh.readline(64 * 1024)
            header = json.loads(line)
            return header, hashlib.sha256(MAGIC + line).digest(), len(MAGIC) + len(line)
    except (OSError, ValueError):
        raise errors.NOT_AN_ARCHIVE(name=path.name) from None


def _decrypt(path: Path, secret: str, out) -> None:
    _, digest, start = read_header(path)
    aead = _aead(secret)
    with path.open("rb") as fh:
        fh.seek(start)
        index, finished = 0, False
        while prefix := fh.read(4):
            if finished:
                raise errors.ARCHIVE_DAMAGED(detail="末尾有多余数据")
            size = int.from_bytes(prefix, "big")
            nonce, sealed = fh.read(12), fh.read(size)
            if len(prefix) < 4 or len(nonce) < 12 or len(sealed) < size:
                raise errors.ARCHIVE_DAMAGED(detail="文件不完整")
            for final in (False, True):
                try:
                    out.write(aead.decrypt(nonce, sealed, _aad(digest, index, final)))
                except InvalidTag:
                    continue
                finished = final
                break
            else:
                raise errors.ARCHIVE_DAMAGED(detail=f"第 {index + 1} 块校验失败")
            index += 1
        if not finished:
            raise errors.ARCHIVE_DAMAGED(detail="文件被截断")


# --- Census: every table's row count and the roster's checksum, from one snapshot ------------------------------------


def _checksum(rows) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(tuple(row)).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def _census(cursor, tables: list[str], quote, rows_cursor=None) -> tuple[dict, dict]:
    """Every table's row count, and the checksum of the tables in ``CHECKSUM_TABLES`` read through ``rows_cursor``
    (on PostgreSQL a server-side cursor, so ten million rows stream instead of landing in memory at once)."""
    counts, sums = {}, {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    for table in CHECKSUM_TABLES:
        if table in counts:
            reader = rows_cursor() if rows_cursor else cursor
            reader.execute(f"SELECT * FROM {quote(table)} ORDER BY id")
            sums[table] = _checksum(_rows(reader))
            if rows_cursor:
                reader.close()
    return counts, sums


def _rows(cursor):
    while batch := cursor.fetchmany(2000):
        yield from batch


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(conn) -> list[str]:
    return [
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return [r[0] for r in cursor.fetchall()]


def _migrations(cursor) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _pg_params() -> dict:
    s = connection.settings_dict
    params = {"dbname": s["NAME"], "user": s.get("USER"), "host": s.get("HOST"), "port": s.get("PORT")}
    return {k: str(v) for k, v in params.items() if v}


def _pg_connect():
    import psycopg

    return psycopg.connect(password=connection.settings_dict.get("PASSWORD") or None, **_pg_params())


def _pg_cli() -> tuple[list[str], dict]:
    """``--dbname`` conninfo and environment for pg_dump / pg_restore (the password never on the command line)."""
    conninfo = " ".join(f"{k}={v}" for k, v in _pg_params().items())
    env = {**os.environ}
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(connection.settings_dict["PASSWORD"])
    return [f"--dbname={conninfo}"], env


def live_census() -> dict:
    """Counts and checksums of the configured database as it is now (after a restore, for the comparison)."""
    if connection.vendor == "sqlite":
        conn = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            cur = conn.cursor()
            counts, sums = _census(cur, _sqlite_tables(conn), _quote)
        finally:
            conn.close()
    else:
        with _pg_connect() as conn, conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'UTC'")
            counts, sums = _census(cur, _pg_tables(cur), _quote, lambda: conn.cursor(name="union_census"))
    return {"tables": counts, "checksums": sums}


# --- Dumping ----------------------------------------------------------------------------------------------------------


def _dump_sqlite(folder: Path) -> tuple[Path, dict]:
    target = folder / "database.sqlite3"
    source = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    copy = sqlite3.connect(target)
    try:
        # pages=-1: the whole database in one step, under one read transaction: a consistent copy while others write
        # (WAL lets them go on).
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")
        cur = copy.cursor()
        counts, sums = _census(cur, _sqlite_tables(copy), _quote)
        migrations = _migrations(cur)
        version = sqlite3.sqlite_version
    finally:
        copy.close()
        source.close()
    return target, {"tables": counts, "checksums": sums, "migrations": migrations, "server_version": version}


def _dump_postgresql(folder: Path) -> tuple[Path, dict]:
    target = folder / "database.pgdump"
    args, env = _pg_cli()
    with _pg_connect() as conn:
        with conn.cursor() as cur:
            # The census and pg_dump read the same snapshot: the manifest describes exactly what the dump holds.
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute("SET TIME ZONE 'UTC'")
            cur.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, version = cur.fetchone()
            counts, sums = _census(cur, _pg_tables(cur), _quote, lambda: conn.cursor(name="union_census"))
            migrations = _migrations(cur)
            done = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 f"--file={target}", *args],
                env=env, capture_output=True, text=True,
            )  # fmt: skip
        conn.rollback()
    if done.returncode != 0:
        raise errors.BACKUP_TOOL_FAILED(detail=done.stderr.strip()[-500:])
    return target, {"tables": counts, "checksums": sums, "migrations": migrations, "server_version": version}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _media_files() -> list[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted((p, "media/" + p.relative_to(root).as_posix()) for p in root.rglob("*") if p.is_file())


@dataclass
class Archive:
    path: Path
    created_at: datetime
    size: int


def archive_name(now: datetime) -> str:
    return f"union-backup-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}{SUFFIX}"


def list_archives(folder: Path) -> list[Archive]:
    """The archives in ``folder``, newest first (by the time in their names, UTC)."""
    found = []
    if not folder.exists():
        return found
    for path in folder.iterdir():
        m = NAME_RE.match(path.name)
        if m and path.is_file():
            when = datetime.strptime(m.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            found.append(Archive(path, when, path.stat().st_size))
    return sorted(found, key=lambda a: a.created_at, reverse=True)


def _pii_key_ids() -> list[str]:
    return [pii.current_key_id(), *(pii.key_id(s) for s in pii.retired_secrets())]


def create_backup(folder: Path | None = None, *, now: datetime | None = None) -> Archive:
    """Write one archive into ``folder`` (default ``BACKUP_DIR``) and return it. Safe while requests write."""
    folder = Path(folder or getattr(settings, "BACKUP_DIR", "") or "")
    if not str(folder) or str(folder) == ".":
        raise errors.BACKUP_DIR_MISSING()
    folder.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    final = folder / archive_name(now)
    partial = final.with_suffix(".partial")
    header = {
        "format": FORMAT,
        "created_at": now.astimezone(UTC).isoformat(),
        "backup_key_id": backup_key_id(),
        "pii_key_ids": _pii_key_ids(),
        "database": connection.vendor,
        "cipher": "AES-256-GCM, 1 MiB chunks",
    }
    line = json.dumps(header, sort_keys=True).encode() + b"\n"
    digest = hashlib.sha256(MAGIC + line).digest()
    with tempfile.TemporaryDirectory(prefix="union-backup-", dir=folder) as scratch:
        dumped, census = (_dump_sqlite if connection.vendor == "sqlite" else _dump_postgresql)(Path(scratch))
        files = {dumped.name: _sha256(dumped)}
        manifest = {
            "format": FORMAT,
            "created_at": header["created_at"],
            "database": {"vendor": connection.vendor, "server_version": census["server_version"], "file": dumped.name},
            "versions": {"django": django.get_version(), "python": platform.python_version()},
            "migrations": census["migrations"],
            "tables": census["tables"],
            "checksums": census["checksums"],
            "pii_key_ids": header["pii_key_ids"],
            "files": files,
        }
        with partial.open("wb") as out:
            out.write(MAGIC + line)
            writer = _EncryptingWriter(out, settings.BACKUP_KEY, digest)
            with tarfile.open(fileobj=writer, mode="w|gz") as tar:
                tar.add(dumped, arcname=dumped.name)
                for path, name in _media_files():
                    try:
                        files[name] = _sha256(path)
                        tar.add(path, arcname=name)
                    except FileNotFoundError:  # deleted (retention, a replaced photo) while we were copying
                        files.pop(name, None)
                blob = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size, info.mtime = len(blob), int(now.timestamp())
                tar.addfile(info, io.BytesIO(blob))
            writer.finish()
            out.flush()
            os.fsync(out.fileno())
    partial.rename(final)
    archive = Archive(final, now, final.stat().st_size)
    audit.record(
        "ops.backup.created",
        actor_name="manage.py backup",
        data={"name": final.name, "size": archive.size, "rows": sum(census["tables"].values()), "files": len(files)},
    )
    return archive


# --- Restoring --------------------------------------------------------------------------------------------------------


def _target_problems() -> list[str]:
    """Why the configured database and media folder are not an empty target (empty list: they are)."""
    problems = []
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        if path.exists() and path.stat().st_size:
            conn = sqlite3.connect(path)
            try:
                tables = _sqlite_tables(conn)
            finally:
                conn.close()
            if tables:
                problems.append(f"数据库已有 {len(tables)} 张表")
    else:
        with _pg_connect() as conn, conn.cursor() as cur:
            tables = _pg_tables(cur)
        if tables:
            problems.append(f"数据库已有 {len(tables)} 张表")
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(p.is_file() for p in media.rglob("*")):
        problems.append(f"文件目录 {media} 中已有文件")
    return problems


@dataclass
class Restored:
    manifest: dict
    census: dict
    files: int


def check_archive(path: Path) -> dict:
    """The header, after the checks that need no decryption: format, keys and database kind."""
    header, _, _ = read_header(path)
    if header.get("format") != FORMAT:
        raise errors.NOT_AN_ARCHIVE(name=path.name)
    if header.get("backup_key_id") != backup_key_id():
        raise errors.WRONG_BACKUP_KEY(archive=header.get("backup_key_id"), ours=backup_key_id())
    ours = set(_pii_key_ids())
    missing = [k for k in header.get("pii_key_ids", []) if k not in ours]
    if missing:
        raise errors.WRONG_PII_KEY(archive=", ".join(missing), ours=", ".join(sorted(ours)))
    if header.get("database") != connection.vendor:
        raise errors.WRONG_DATABASE(archive=header.get("database"), ours=connection.vendor)
    return header


def _unpack(path: Path, scratch: Path) -> dict:
    """Decrypt and unpack into ``scratch`` and check every member against the manifest."""
    plain = scratch / "archive.tar.gz"
    with plain.open("wb") as out:
        _decrypt(path, settings.BACKUP_KEY, out)
    unpacked = scratch / "unpacked"
    try:
        with tarfile.open(plain, "r:gz") as tar:
            tar.extractall(unpacked, filter="data")
        manifest = json.loads((unpacked / "manifest.json").read_text())
    except (tarfile.TarError, OSError, ValueError) as exc:
        raise errors.ARCHIVE_DAMAGED(detail=type(exc).__name__) from None
    finally:
        plain.unlink(missing_ok=True)
    for name, expected in manifest["files"].items():
        member = unpacked / name
        if not member.is_file() or _sha256(member) != expected:
            raise errors.ARCHIVE_DAMAGED(detail=f"{name} 校验和不符")
    return manifest


def _newer_migrations(applied: list[str]) -> list[str]:
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    return [m for m in applied if m not in known]


def _load_sqlite(dump: Path) -> None:
    connection.close()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    try:
        source.backup(target, pages=-1)
    finally:
        target.close()
        source.close()


def _load_postgresql(dump: Path) -> None:
    connection.close()
    args, env = _pg_cli()
    done = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *args, str(dump)],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise errors.BACKUP_TOOL_FAILED(detail=done.stderr.strip()[-500:])


def restore_backup(path: Path) -> Restored:
    """Restore ``path`` into the configured (empty) database and media folder, then compare every table's count
    and the roster's checksum with the manifest. Every refusal happens before anything is written."""
    path = Path(path)
    check_archive(path)
    problems = _target_problems()
    if problems:
        raise errors.TARGET_NOT_EMPTY(what="；".join(problems))
    with tempfile.TemporaryDirectory(prefix="union-restore-") as scratch:
        manifest = _unpack(path, Path(scratch))
        newer = _newer_migrations(manifest["migrations"])
        if newer:
            raise errors.NEWER_SCHEMA(migrations="、".join(newer[:5]) + (" 等" if len(newer) > 5 else ""))
        unpacked = Path(scratch) / "unpacked"
        dump = unpacked / manifest["database"]["file"]
        (_load_sqlite if connection.vendor == "sqlite" else _load_postgresql)(dump)
        media = Path(settings.MEDIA_ROOT)
        copied = 0
        for name in manifest["files"]:
            if name.startswith("media/"):
                dest = media / name.removeprefix("media/")
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(unpacked / name, dest)
                copied += 1
    census = live_census()
    wrong = [
        f"{t}: 备份 {n} 行，恢复后 {census['tables'].get(t)} 行"
        for t, n in manifest["tables"].items()
        if census["tables"].get(t) != n
    ]
    wrong += [f"{t} 校验和不符" for t, s in manifest["checksums"].items() if census["checksums"].get(t) != s]
    if wrong:
        raise errors.RESTORE_MISMATCH(detail="；".join(wrong[:5]))
    audit.record(
        "ops.backup.restored",
        actor_name="manage.py restore",
        data={"name": path.name, "rows": sum(manifest["tables"].values()), "files": copied},
    )
    return Restored(manifest, census, copied)


# --- Keeping 7 daily, 4 weekly, 12 monthly --------------------------------------------------------------------------


def archives_to_keep(archives: list[Archive], *, daily: int = 7, weekly: int = 4, monthly: int = 12) -> set[Path]:
    """Grandfather-father-son: the newest archive of each of the last ``daily`` days that have one, of the last
    ``weekly`` ISO weeks and of the last ``monthly`` months."""
    keep: set[Path] = set()
    for count, key in (
        (daily, lambda a: a.created_at.date()),
        (weekly, lambda a: a.created_at.isocalendar()[:2]),
        (monthly, lambda a: (a.created_at.year, a.created_at.month)),
    ):
        seen = []
        for archive in sorted(archives, key=lambda a: a.created_at, reverse=True):
            k = key(archive)
            if k not in seen:
                if len(seen) == count:
                    break
                seen.append(k)
                keep.add(archive.path)
    return keep


def prune_archives(folder: Path, **policy) -> list[Path]:
    """Delete the archives the policy does not keep; returns what was deleted."""
    archives = list_archives(folder)
    keep = archives_to_keep(archives, **policy)
    gone = [a.path for a in archives if a.path not in keep]
    for p in gone:
        p.unlink(missing_ok=True)
    if gone:
        audit.record("ops.backup.pruned", actor_name="backup retention", data={"deleted": [p.name for p in gone]})
    return gone
