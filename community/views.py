from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from community import access, audit, personal_data, services
from community.audit import log_action
from community.exports import csv_response
from community.forms import AuditSearchForm, EraseCitizenForm, PurposeForm
from community.models import AuditEntry, CoreTask, Role

K = Role.Kind


def home(request):
    return render(request, "community/home.html", {"core_tasks": CoreTask.objects.all()})


@access.role_required(K.COORDINATOR, K.AREA_CONTACT)
def citizen_list(request):
    citizens = (
        access.citizens_visible_to(request.user)
        .select_related("local_area")
        .order_by("last_name", "first_name")
    )
    query = request.GET.get("q", "").strip()
    if query:
        citizens = citizens.filter(Q(first_name__icontains=query) | Q(last_name__icontains=query))
    page = Paginator(citizens, 50).get_page(request.GET.get("side"))
    audit.log_citizens_shown(page, actor=request.user, purpose="search" if query else "list")
    return render(request, "community/citizen_list.html", {"page": page, "query": query})


@access.role_required(K.COORDINATOR, K.AREA_CONTACT)
def citizen_detail(request, pk):
    form = PurposeForm(request.GET or None)
    if not form.is_valid():
        return render(request, "community/citizen_purpose.html", {"form": form, "pk": pk})
    purpose = form.cleaned_data["purpose"]
    citizen = access.get_citizen_for(request.user, pk, purpose=purpose)
    return render(
        request,
        "community/citizen_detail.html",
        {
            "citizen": citizen,
            "purpose_label": access.PURPOSE_LABELS[purpose],
            "can_erase": access.can_erase_citizen(request.user, citizen),
        },
    )


@access.role_required(K.COORDINATOR)
def citizen_erase(request, pk):
    """Erase a citizen's record on their request: a coordinator of their core task confirms with a reason."""
    citizen = access.get_citizen_for(request.user, pk, purpose="correction")
    if not access.can_erase_citizen(request.user, citizen):
        raise PermissionDenied(
            _("Kun en koordinator for borgerens kerneopgave kan slette oplysningerne.")
        )
    form = EraseCitizenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.citizen_erase(
            citizen=citizen, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Borgerens oplysninger er slettet."))
        return redirect("community:citizen-list")
    return render(request, "community/citizen_erase.html", {"citizen": citizen, "form": form})


@access.role_required(K.COORDINATOR, K.AREA_CONTACT)
def citizen_export(request):
    """CSV of the citizens the user may see; every row read is audited."""
    citizens = list(
        access.citizens_visible_to(request.user)
        .select_related("local_area")
        .prefetch_related("core_tasks")
    )
    audit.log_citizens_shown(
        citizens, actor=request.user, purpose="export", action="citizen.exported"
    )
    return csv_response(
        "borgere",
        [
            _("Fornavn"),
            _("Efternavn"),
            _("Adresse"),
            _("Lokalområde"),
            _("Kerneopgaver"),
            _("Telefon"),
        ],
        (
            [
                c.first_name,
                c.last_name,
                c.address,
                c.local_area or "",
                ", ".join(t.name for t in c.core_tasks.all()),
                c.phone,
            ]
            for c in citizens
        ),
    )


def my_data(request):
    """The person's own data (GDPR insight); a download is audited like any read of a citizen's record."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    citizen = getattr(request.user, "citizen", None)
    if request.GET.get("format") == "json":
        data = personal_data.as_json(request.user)
        log_action(
            "citizen.self_export", obj=citizen, actor=request.user, purpose="citizen_request"
        )
        response = JsonResponse(
            data, json_dumps_params={"ensure_ascii": False, "indent": 2, "default": str}
        )
        response["Content-Disposition"] = 'attachment; filename="mine-oplysninger.json"'
        return response
    if citizen is not None:
        log_action("citizen.read", obj=citizen, actor=request.user, purpose="citizen_request")
    return render(
        request, "community/my_data.html", {"sections": personal_data.sections(request.user)}
    )


@access.role_required(K.ADMIN)
def audit_list(request):
    form = AuditSearchForm(request.GET or None)
    entries = AuditEntry.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            entries = entries.filter(audit.search_condition(request.user, data["q"]))
        if data["action"]:
            entries = entries.filter(action__icontains=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
    page = Paginator(entries, 100).get_page(request.GET.get("side"))
    log_action("audit.searched", actor=request.user, data={"query": request.GET.dict()})
    return render(request, "community/audit_list.html", {"form": form, "page": page})
