"""The member's care pages on the phone (/m/care/): what they have received, across programmes and years."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.views.member import member_required

from ..services.payouts import received_by


@member_required
@require_GET
def home(request):
    rows = list(received_by(request.member))
    total = sum((p.amount for p in rows if p.programme.benefit == "cash"), start=0)
    return render(request, "care/member/home.html", {"payouts": rows, "total": total})
