from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import Org


@login_required
def tree(request):
    roots = Org.objects.restrict(request.user, "orgs.view")
    return render(request, "orgs/tree.html", {"roots": roots[:50]})


@login_required
def detail(request, pk):
    org = get_object_or_404(Org.objects.restrict(request.user, "orgs.view"), pk=pk)
    return render(request, "orgs/detail.html", {"org": org})


@login_required
def enterprise_list(request):
    return render(request, "orgs/enterprise_list.html", {})
