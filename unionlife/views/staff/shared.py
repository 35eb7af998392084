"""Helpers the union-life console pages share: orgs named by code, the default sender, files, refusals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.scoping import get_scoped_or_404
from core.validators import normalize_code
from orgs.models import Org

from ... import selectors
from ...forms import codes
from ...models import (
    EvidenceFile,
)
from ...services import ALLIANCES, SEND, VIEW

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _orgs(request, text: str, field: str, form) -> list[Org] | None:
    found = []
    for code in codes(text):
        org = Org.objects.restrict(request.user, SEND).filter(code=normalize_code(code)).first()
        if org is None:
            form.add_error(field, _("在您的管理范围内没有组织代码 %(c)s") % {"c": code})
            return None
        found.append(org)
    return found


def _default_sender(user) -> str:
    paths = selectors.own_paths(user)
    org = Org.objects.filter(path__in=paths).order_by("depth").first() if paths else None
    return org.code if org else ""


def _file_response(field, filename=None):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename or field.name.rsplit("/", 1)[-1])


def _done(request, action, target):
    try:
        action()
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        for e in getattr(exc, "errors", [exc]):
            messages.error(request, e.message)
    else:
        messages.success(request, _("已保存"))
    return redirect("unionlife:assessment", target)


def _evidence(request, pk) -> EvidenceFile:
    return get_scoped_or_404(
        EvidenceFile.objects.select_related("union_assessment__assessment", "union_assessment__union"),
        request.user,
        VIEW,
        pk=pk,
    )


def _keeper(request, code: str, form, field: str = "owner") -> Org | None:
    org = Org.objects.restrict(request.user, ALLIANCES).filter(code=normalize_code(code or "")).first()
    if org is None:
        form.add_error(field, _("在您的管理范围内没有组织代码 %(c)s") % {"c": code})
    return org


def _any_orgs(text: str, form, field: str) -> list[Org] | None:
    """Orgs named by code anywhere in the tree (an alliance or a pairing may cross town lines)."""
    found = []
    for code in codes(text):
        org = Org.objects.filter(code=normalize_code(code)).first()
        if org is None:
            form.add_error(field, _("找不到组织代码 %(c)s") % {"c": code})
            return None
        found.append(org)
    return found


def _refused(request, exc: DomainError):
    if exc.status == 403:
        raise PermissionDenied from exc
    for error in exc.errors if hasattr(exc, "errors") else [exc]:
        messages.error(request, error.message)
