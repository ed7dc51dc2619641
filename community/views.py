from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import access, audit, personal_data, selectors, services
from community.access.associations import may_act_for
from community.audit import log_action
from community.exports import csv_response
from community.filters import AuditFilter
from community.forms import (
    AssociationRegisterForm,
    CitizenSearchForm,
    DeclarationForm,
    EraseCitizenForm,
    PurposeForm,
    RepresentativeForm,
)
from community.models import Association, AuditEntry, CoreTask, Role

K = Role.Kind


def home(request):
    return render(request, "community/home.html", {"core_tasks": CoreTask.objects.all()})


@access.role_required(K.COORDINATOR, K.AREA_CONTACT)
def citizen_list(request):
    form = CitizenSearchForm(request.GET)
    form.is_valid()
    query, purpose = form.cleaned_data.get("q", ""), form.cleaned_data.get("purpose", "")
    citizens = selectors.search_citizens(request.user, query)
    page = Paginator(citizens, 50).get_page(request.GET.get("side"))
    audit.log_citizens_shown(page, actor=request.user, purpose="search" if query else "list")
    return render(
        request,
        "community/citizen_list.html",
        {"page": page, "form": form, "query": query, "purpose": purpose},
    )


@access.role_required(K.COORDINATOR, K.AREA_CONTACT)
def citizen_detail(request, pk):
    form = PurposeForm.from_query(request.GET)
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
            "sections": selectors.citizen_sections(request.user, citizen),
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
    header, rows = services.citizens_export(
        actor=request.user, citizens=access.citizens_visible_to(request.user)
    )
    return csv_response("borgere", header, rows)


def favicon(request):
    """Browsers ask /favicon.ico of every site, whatever the page's <link rel="icon"> says."""
    return redirect(static("img/favicon.ico"), permanent=True)


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
    reads = None
    if citizen is not None:
        log_action("citizen.read", obj=citizen, actor=request.user, purpose="citizen_request")
        reads = selectors.reads_of_own_record(citizen)
    return render(
        request,
        "community/my_data.html",
        {"sections": personal_data.sections(request.user), "reads": reads},
    )


@access.role_required(K.ADMIN)
def audit_list(request):
    # The search is logged first, so the page it shows is counted and cut with its own entry in it.
    log_action("audit.searched", actor=request.user, data={"query": request.GET.dict()})
    filters = AuditFilter(request.GET or None, queryset=AuditEntry.objects.all(), request=request)
    page = Paginator(filters.qs, 100).get_page(request.GET.get("side"))
    return render(request, "community/audit_list.html", {"form": filters.form, "page": page})


@login_required
def association_register(request):
    form = AssociationRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        association = services.association_register(
            user=request.user,
            name=data["name"],
            cvr=data["cvr"],
            purpose=data["purpose"],
            email=data["email"],
            postcode=data["postcode"],
            works_with_children=data["works_with_children"],
            core_tasks=data["core_tasks"],
        )
        messages.success(
            request,
            _("%(name)s er registreret. Kommunen godkender foreningen, før I kan booke.")
            % {"name": association.name},
        )
        return redirect("bookings:booking-list")
    return render(request, "community/association_form.html", {"form": form})


@login_required
def association_declare(request, pk):
    association = get_object_or_404(Association, pk=pk)
    if not may_act_for(request.user, association):
        raise PermissionDenied(_("Du er ikke repræsentant for foreningen."))
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.association_declare_child_certificates(
            association=association, declared_by=request.user
        )
        messages.success(request, _("Tak. Erklæringen gælder i 12 måneder."))
        return redirect("bookings:booking-list")
    return render(
        request, "community/association_declare.html", {"form": form, "association": association}
    )


@login_required
@require_POST
def association_add_representative(request, pk):
    association = get_object_or_404(Association, pk=pk)
    form = RepresentativeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en gyldig e-mailadresse."))
        return redirect("bookings:booking-list")
    try:
        role = services.association_add_representative(
            association=association, email=form.cleaned_data["email"], added_by=request.user
        )
    except services.ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(who)s er nu repræsentant for %(name)s.")
            % {"who": role.user.email, "name": association.name},
        )
    return redirect("bookings:booking-list")


@login_required
@require_POST
def association_rotate_feed(request, pk):
    association = get_object_or_404(Association, pk=pk)
    try:
        services.association_rotate_feed_token(association=association, rotated_by=request.user)
    except services.ActionRefused as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(
        request,
        _(
            "%(name)s har fået en ny kalenderadresse. Den gamle virker ikke længere: abonnér på "
            "den nye i jeres kalender."
        )
        % {"name": association.name},
    )
    return redirect("bookings:booking-list")


@login_required
@require_POST
def association_decide(request, pk):
    if not access.is_admin(request.user):
        raise PermissionDenied(_("Kun administratorer kan godkende foreninger."))
    association = get_object_or_404(Association, pk=pk)
    services.association_decide(
        association=association,
        decided_by=request.user,
        approve=request.POST.get("decision") == "approve",
    )
    messages.success(request, _("%(name)s er behandlet.") % {"name": association.name})
    return redirect("bookings:approval-queue")
