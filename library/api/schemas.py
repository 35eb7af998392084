"""Schemas of the library API (names prefixed ``Library`` so they stay unique across the platform's API)."""

from datetime import date, datetime

from ninja import Field, Schema

from core.api import StrictInput, choices_doc

from ..models import CopyStatus


class LibraryOrgOut(Schema):
    id: int
    code: str
    name: str


class LibraryRoomOut(Schema):
    id: int
    org: LibraryOrgOut
    name: str
    place_id: int | None
    active: bool


class LibraryRoomPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[LibraryRoomOut]


class LibraryRoomIn(StrictInput):
    org: str = Field(max_length=32, description="所属组织的组织代码")
    name: str = Field(max_length=100)
    place_id: int | None = Field(None, description="职工书屋阵地编号（可不填）")


class LibraryBookOut(Schema):
    id: int
    isbn: str = Field(description="13 位 ISBN")
    title: str
    author: str
    publisher: str


class LibraryBookPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[LibraryBookOut]


class LibraryBookIn(StrictInput):
    isbn: str = Field(max_length=20, description="ISBN-10 或 ISBN-13，可含连字符；校验位须正确")
    title: str = Field(max_length=200)
    author: str = Field("", max_length=100)
    publisher: str = Field("", max_length=100)


class LibraryCopyOut(Schema):
    id: int
    label: str = Field(description="标签码（标签二维码的内容以它结尾）")
    book: LibraryBookOut
    room_id: int = Field(description="所在书屋")
    home_id: int = Field(description="入藏书屋")
    status: str = Field(description=f"状态：{choices_doc(CopyStatus)}")


class LibraryCopiesIn(StrictInput):
    isbn: str = Field(max_length=20)
    count: int = Field(1, ge=1, le=100, description="册数")


class LibraryLendIn(StrictInput):
    member: str = Field(max_length=500, description="扫描的电子会员证二维码内容，或会员证号")
    label: str = Field(max_length=200, description="扫描的图书标签内容，或标签码")


class LibraryReturnIn(StrictInput):
    label: str = Field(max_length=200, description="扫描的图书标签内容，或标签码")


class LibraryBorrowIn(StrictInput):
    label: str = Field(max_length=200, description="扫描的图书标签内容，或标签码")


class LibraryLoanOut(Schema):
    id: int
    copy_label: str = Field(alias="copy.label")
    title: str = Field(alias="copy.book.title")
    member_id: int
    member_name: str = Field(alias="member.name")
    room_id: int = Field(description="借出书屋")
    lent_at: datetime
    due_on: date
    returned_at: datetime | None
    returned_room_id: int | None = Field(description="归还书屋（可与借出书屋不同：漂流）")


class LibraryLoanPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[LibraryLoanOut]


class LibraryScoreOut(Schema):
    room_id: int
    room_name: str
    loans: int = Field(description="借阅册次")
    readers: int = Field(description="活跃读者（人）")
    drift_in: int = Field(description="漂入册数")
    score: int = Field(description="积分 = 借阅册次×1 + 活跃读者×3 + 漂入册数×2")
