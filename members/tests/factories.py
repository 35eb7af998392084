"""Test data for the roster, made through the real service functions (the same path users take)."""

import itertools
import random
from datetime import date

from stdnum.cn import ric

from members import services

_seq = itertools.count(1)


def make_id_number(
    n: int | None = None, *, birth: date = date(1990, 1, 1), female: bool = False, area: str = "330203"
) -> str:
    """A valid 18-digit 居民身份证号; ``n`` picks the sequence part so numbers are distinct."""
    n = next(_seq) if n is None else n
    seq = (n % 500) * 2 + (0 if female else 1)  # the 17th digit's parity is the gender
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_phone(n: int | None = None) -> str:
    n = next(_seq) if n is None else n
    return f"139{n:08d}"


def person(n: int | None = None, **overrides) -> dict:
    """A person's raw fields, as a form or a roster row would give them."""
    n = next(_seq) if n is None else n
    rng = random.Random(n)
    birth = date(1970 + rng.randrange(30), 1 + rng.randrange(12), 1 + rng.randrange(28))
    female = bool(n % 2)
    data = {
        "name": rng.choice("张王李赵刘陈杨黄周吴")
        + rng.choice(["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇"]),
        "id_number": make_id_number(n + 1000 * rng.randrange(1, 9), birth=birth, female=female),
        "phone": make_phone(n),
        "joined_on": date(2024, 3, 1),
    }
    data.update(overrides)
    return data


def member(union, actor, n: int | None = None, **overrides):
    """A member registered through ``services.register_member``."""
    return services.register_member(actor=actor, union=union, **person(n, **overrides))
