"""Every refusal of the library module (职工书屋), with its Chinese message and HTTP status (docs/errors.md)."""

from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCodes

codes = ErrorCodes("library", "职工书屋")

NAME_REQUIRED = codes.define("name_required", _("名称：必填"), field="name")
INVALID_ORG = codes.define("invalid_org", _("所属组织：请选择您管理范围内正常状态的工会"), field="org")
INVALID_PLACE = codes.define("invalid_place", _("阵地：请选择该组织的职工书屋阵地"), field="place")
INVALID_ISBN = codes.define("invalid_isbn", _("ISBN：%(reason)s"), field="isbn")
ISBN_EXISTS = codes.define("isbn_exists", _("ISBN：书目中已有该书（%(title)s）"), field="isbn", status=409)
TITLE_REQUIRED = codes.define("title_required", _("书名：必填"), field="title")
BOOK_NOT_FOUND = codes.define("book_not_found", _("ISBN：书目中没有该书，请先登记书目"), field="isbn")
INVALID_COUNT = codes.define("invalid_count", _("册数：请填写 1 到 100 之间的整数"), field="count")
ROOM_CLOSED = codes.define("room_closed", _("书屋已停止开放"), status=409)
MEMBER_NOT_FOUND = codes.define(
    "member_not_found", _("会员证：未找到有效会员，请扫描会员的电子会员证或输入会员证号"), field="member"
)
COPY_NOT_FOUND = codes.define("copy_not_found", _("图书标签：未找到该标签的藏书"), field="label")
COPY_ON_LOAN = codes.define("copy_on_loan", _("该书已借出，尚未归还"), status=409)
COPY_ELSEWHERE = codes.define("copy_elsewhere", _("该书登记在“%(room)s”，请在该书屋借阅"), status=409)
COPY_LOST = codes.define("copy_lost", _("该书已登记遗失"), status=409)
NOT_ON_LOAN = codes.define("not_on_loan", _("该书没有未还的借阅"), status=409)
TOO_MANY_LOANS = codes.define("too_many_loans", _("每人最多同时借阅 %(n)s 册，请先归还"), status=409)
HAS_OVERDUE = codes.define("has_overdue", _("有逾期未还的图书，请先归还"), status=409)
