"""The pinyin keys from the per-character cache are the ones pypinyin gives for the whole text."""

import random

from pypinyin import Style, lazy_pinyin

from core.pinyin import pinyin_keys


def _plain(text: str) -> tuple[str, str]:
    full = "".join(lazy_pinyin(text, errors="default")).lower().replace(" ", "")
    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")).lower().replace(" ", "")
    return full, initials


def test_names_are_keyed_as_pypinyin_keys_them():
    assert pinyin_keys("张三") == ("zhangsan", "zs")
    # Phrases inside a text (重庆, 银行, 长江) are read as phrases, as pypinyin reads them.
    for text in ["重庆", "王重庆", "银行", "李长江", "单雄信", "曾国藩", "Tom张", "张 三", "", "张"]:
        assert pinyin_keys(text) == _plain(text), text


def test_random_names_from_the_demo_tables_agree_with_pypinyin():
    from faker.providers.person.zh_CN import Provider

    rng = random.Random(7)
    last = list(Provider.last_names)
    first = list(Provider.first_names)
    for _ in range(3000):
        name = rng.choice(last) + rng.choice(first)
        assert pinyin_keys(name) == _plain(name), name
