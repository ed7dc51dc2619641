from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from community.access import localareas as area_access
from hearings.selectors import open_hearings_for_area
from localareas import selectors, services
from localareas.forms import CouncilForm
from localareas.models import LocalArea, LocalCouncil


def area_list(request):
    return render(request, "localareas/area_list.html", {"rows": selectors.area_list_rows()})


def area_detail(request, slug):
    area = get_object_or_404(LocalArea.objects.defer("geometry"), slug=slug)
    context = {"area": area, **selectors.area_page(area)}
    context["open_hearings"] = open_hearings_for_area(area.pk)
    context["can_edit"] = [
        c for c in context["councils"] if area_access.can_edit_council(request.user, c)
    ]
    return render(request, "localareas/area_detail.html", context)


def assignments(request):
    if not area_access.can_see_assignments(request.user):
        raise PermissionDenied
    rows = selectors.assignment_rows()
    problems = [r for r in rows if not r["ok"]]
    return render(request, "localareas/assignments.html", {"rows": rows, "problems": problems})


def council_edit(request, slug):
    council = get_object_or_404(LocalCouncil, slug=slug)
    if not area_access.can_edit_council(request.user, council):
        raise PermissionDenied
    form = CouncilForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        services.council_update(
            council=council,
            **{k: form.cleaned_data[k] for k in ("description", "email", "phone", "website")},
        )
        messages.success(request, _("Lokalrådets side er gemt."))
        area = council.areas.order_by("name").first()
        if area:
            return redirect("localareas:area-detail", slug=area.slug)
        return redirect("localareas:area-list")
    return render(request, "localareas/council_edit.html", {"council": council, "form": form})
