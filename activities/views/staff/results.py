"""Staff console pages for an activity's outcome: the 抽签 draw (the published seed, the button, and the result in
draw order with each application's key) and the registrants' export to Excel with masked phones. Scoped like every
staff page: out of scope 404, in scope without the permission 403."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import lottery
from activities.models import Activity, Registration
from core import pii
from core.errors import DomainError
from core.paging import paginate
from core.scoping import can
from core.xlsx import safe_row

from .activities import get_activity, get_only, require


@login_required
def lottery_page(request, pk):
    """The draw: the published seed, the button, and the result in draw order with each application's key."""
    activity = get_activity(request, pk)
    if activity.mode != Activity.Mode.LOTTERY:
        raise Http404  # only 抽签 activities have a draw
    if request.method == "POST":
        require(request, "activities.manage", activity.organiser)
        try:
            winners = lottery.draw(activity, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("抽签完成：%(n)d 人中签") % {"n": len(winners)})
        return redirect("activities:lottery", activity.pk)
    rows = None
    applied = activity.registrations.filter(status=Registration.Status.APPLIED).count()
    if activity.drawn_at:
        rows = paginate(
            request,
            activity.registrations.filter(queued_at__gte=activity.drawn_at)
            .select_related("member")
            .order_by("queued_at", "id"),
            per_page=50,
        )
        offset = (rows.number - 1) * rows.paginator.per_page
        for i, r in enumerate(rows, start=1):
            r.order, r.key = offset + i, lottery.draw_key(activity.lottery_seed, r.pk)
    return render(
        request,
        "activities/staff/lottery.html",
        {
            "activity": activity,
            "rows": rows,
            "applied": applied,
            "may_manage": can(request.user, "activities.manage", activity.organiser),
        },
    )


@login_required
def export(request, pk):
    """The registrants as an Excel file, phones masked."""
    from openpyxl import Workbook

    activity = get_activity(request, pk)
    if refused := get_only(request):
        return refused
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("报名名单"))
    ws.append(
        [
            _("序号"),
            _("姓名"),
            _("手机号"),
            _("所属工会"),
            _("会员证号"),
            _("状态"),
            _("票码"),
            _("报名时间"),
            _("签到时间"),
        ]
    )
    regs = activity.registrations.select_related("member__union").order_by("status", "queued_at", "id")
    for i, r in enumerate(regs.iterator(chunk_size=500), start=1):
        ws.append(
            safe_row(
                ws,
                [
                    i,
                    r.member.name,
                    pii.mask_phone(r.member.phone),
                    r.member.union.name,
                    r.member.card_no,
                    r.get_status_display(),
                    r.ticket_code if r.status == Registration.Status.CONFIRMED else "",
                    timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
                ],
            )
        )
    walk_ins = activity.participations.filter(member__isnull=True).order_by("checked_in_at", "id")
    if walk_ins.exists():
        ws2 = wb.create_sheet(_("现场登记"))
        ws2.append([_("姓名"), _("签到时间")])
        for p in walk_ins:
            ws2.append(safe_row(ws2, [p.name, timezone.localtime(p.checked_in_at).strftime("%Y-%m-%d %H:%M")]))
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"activity-{activity.pk}-registrants.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
