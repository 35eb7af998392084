"""Pinyin keys for search: ``zs`` or ``zhangsan`` finds 张三.

pypinyin segments a text against its phrase dictionary before converting it, which costs a few hundred
microseconds a call: too much for a 100,000-row roster import. A short all-hanzi text none of whose substrings is a
phrase is converted character by character anyway, so such texts (most personal names) are assembled from a cache
of single characters; everything else goes through pypinyin whole. Both paths give the same keys.
"""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT, RE_HANS

_FAST_MAX = 8  # characters; longer texts (org names) are rare in bulk and have phrases anyway


def _keys(text: str) -> tuple[str, str]:
    full = lazy_pinyin(text, errors="default")
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
    return "".join(full).lower().replace(" ", "")[:600], "".join(initials).lower().replace(" ", "")[:200]


@lru_cache(maxsize=32_768)
def _char_keys(char: str) -> tuple[str, str]:
    return _keys(char)


def _has_phrase(text: str) -> bool:
    n = len(text)
    return any(text[i:j] in PHRASES_DICT for i in range(n - 1) for j in range(i + 2, n + 1))


def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials), lower case, no separators; non-Chinese characters kept as they are."""
    text = text or ""
    if not 1 < len(text) <= _FAST_MAX or not RE_HANS.match(text) or _has_phrase(text):
        return _keys(text)
    parts = [_char_keys(c) for c in text]
    return "".join(p[0] for p in parts)[:600], "".join(p[1] for p in parts)[:200]
