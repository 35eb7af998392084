"""身份证号 validation, encryption at rest, masking; nothing in plain text in the database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core import pii
from core.validators import normalize_id_number, upgrade_legacy_id, validate_cn_id
from members.models import Member

from .factories import make_id_number, member

VALID = [
    ("11010519491231002X", date(1949, 12, 31), "F"),  # GB 11643 example, check character X
    ("330203199001011239", None, None),
    (make_id_number(7, birth=date(2000, 2, 29), female=True), date(2000, 2, 29), "F"),  # leap day
]


@pytest.mark.parametrize(("number", "birth", "gender"), VALID)
def test_valid_numbers(number, birth, gender):
    if birth is None:
        number = make_id_number(3, birth=date(1990, 1, 1))
        birth, gender = date(1990, 1, 1), "M"
    assert validate_cn_id(number) == (number, birth, gender)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110105194912310021", "invalid_id_checksum"),  # wrong check digit
        ("11010519490230002X", "invalid_id_birth_date"),  # 30 February
        ("11010519491331002X", "invalid_id_birth_date"),  # month 13
        (make_id_number(5, birth=date(2001, 2, 28))[:6] + "20010229" + "0010", "invalid_id_birth_date"),  # 2001 no leap
        ("11010521001231002X", "invalid_id_birth_date"),  # born in the future
        ("1101051949123100", "invalid_id_length"),
        ("11010519491231002Y", "invalid_id_format"),
        ("A1010519491231002X", "invalid_id_format"),
    ],
)
def test_invalid_numbers(number, code):
    with pytest.raises(ValidationError) as exc:
        validate_cn_id(number)
    assert exc.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.messages[0])


def test_messy_input_is_normalised():
    assert normalize_id_number(" １１０１０５ 1949-1231-002x ") == "11010519491231002X"


def test_fifteen_digit_legacy_numbers_become_eighteen():
    """Documented rule: a 15-digit number (people born 1900–1999) is stored as its 18-digit equivalent."""
    assert upgrade_legacy_id("110105491231002") == "11010519491231002X"
    assert validate_cn_id("110105491231002")[0] == "11010519491231002X"


def test_masks():
    assert pii.mask_id("330203199001011234") == "3302**********1234"
    assert pii.mask_phone("13812345678") == "138****5678"


def test_round_trip_and_keyed_hash():
    token = pii.encrypt("11010519491231002X")
    assert "11010519491231002X" not in token and pii.decrypt(token) == "11010519491231002X"
    assert pii.lookup_hash("resident", "11010519491231002X") == pii.lookup_hash("resident", "11010519491231002X")
    assert pii.lookup_hash("resident", "11010519491231002X") != pii.lookup_hash("passport", "11010519491231002X")


def test_no_plain_id_number_in_any_table(tree, users):
    numbers = [member(tree.union_a1, users.union, n).reveal_id_number() for n in range(1, 6)]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        dump = []
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            dump.extend(str(v) for row in cursor.fetchall() for v in row)
    text = "\n".join(dump)
    for number in numbers:
        assert number not in text
        assert number[6:14] + number[14:] not in text  # not even the birth date and sequence run
    assert Member.objects.filter(id_masked__startswith=numbers[0][:4]).exists()


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_sqlite_database_file_holds_no_plain_id_number(tree, users, tmp_path):
    """The database file itself (what a stolen disk would hold), written out with VACUUM INTO."""
    number = member(tree.union_a1, users.union, 42).reveal_id_number()
    target = tmp_path / "copy.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(target)])
    raw = target.read_bytes()
    assert len(raw) > 10_000 and b"members_member" in raw
    assert number.encode() not in raw


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_dump_holds_no_plain_id_number(tree, users):
    """``pg_dump`` of the test database: what a backup would hold."""
    import subprocess

    number = member(tree.union_a1, users.union, 43).reveal_id_number()
    cfg = connection.settings_dict
    env = {"PGPASSWORD": cfg.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
    args = [
        "pg_dump",
        "-h",
        cfg.get("HOST") or "127.0.0.1",
        "-p",
        str(cfg.get("PORT") or 5432),
        "-U",
        cfg.get("USER") or "postgres",
        "--data-only",
        cfg["NAME"],
    ]
    dump = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, check=True).stdout
    assert "members_member" in dump and "GH" in dump
    assert number not in dump
