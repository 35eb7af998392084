"""The public check of a training certificate (``/verify/training/<token>/``): what anyone scanning the printed QR
sees. A forged or altered token fails; a revoked certificate fails. The member's name and course only, nothing else."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import certificates


@never_cache
@require_GET
def verify(request, token):
    verdict = certificates.verify(token)
    return render(request, "training/public/verify.html", {"verdict": verdict, "cert": verdict.certificate})
