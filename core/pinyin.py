"""Pinyin keys for search: ``zs`` or ``zhangsan`` finds 张三."""

from pypinyin import Style, lazy_pinyin


def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials), lower case, no separators; non-Chinese characters kept as they are."""
    full = lazy_pinyin(text or "", errors="default")
    initials = lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="default")
    return "".join(full).lower().replace(" ", "")[:600], "".join(initials).lower().replace(" ", "")[:200]
