"""Test data for the library module, built through the real services."""

from places.tests.factories import member_with_account

from .. import services

__all__ = ["ISBN", "ISBN_2", "member_with_account", "room", "shelved"]

ISBN = "9787020030408"  # 平凡的世界
ISBN_2 = "9787506345439"  # 活着


def room(org, actor, name="甲一职工书屋", **fields):
    return services.create_room(actor=actor, org=org, name=name, **fields)


def shelved(room_, actor, *, isbn=ISBN, title="平凡的世界", count=1):
    """``count`` copies of a title at ``room_`` (the title catalogued first if it is not yet)."""
    from ..models import Book

    if not Book.objects.filter(isbn=isbn).exists():
        services.add_book(actor=actor, isbn=isbn, title=title, author="路遥")
    return services.add_copies(room_, actor=actor, isbn=isbn, count=count)
