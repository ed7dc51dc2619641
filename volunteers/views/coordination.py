"""The coordinators' pages: volunteers and their onboarding, hours to approve, the dashboard, the export."""

from __future__ import annotations

import importlib
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community import access, page_cache
from community.access import volunteers as vaccess
from community.exports import csv_response
from community.models import CoreTask, Role
from volunteers import filters, forms, selectors, services
from volunteers.models import HoursEntry

K = Role.Kind


def _matching_selectors():
    """The matching module supplies needs, proposals and follow-ups; without it those sections are left out."""
    try:
        module = importlib.import_module("matching.selectors")
    except ImportError:
        return None
    return module if hasattr(module, "coordinator_summary") else None


@access.role_required(K.COORDINATOR, K.ADMIN)
def volunteer_list(request):
    found = filters.VolunteerFilter(
        request.GET,
        queryset=vaccess.volunteers_visible_to(request.user).select_related("user", "local_area"),
    )
    page = Paginator(found.qs.order_by("user__last_name", "user__first_name", "pk"), 50).get_page(
        request.GET.get("side")
    )
    return render(request, "volunteers/volunteer_list.html", {"filter": found, "page": page})


def _set_status(request, volunteer, data) -> str:
    services.volunteer_set_status(volunteer=volunteer, status=data["status"], actor=request.user)
    return _("Status er ændret.")


def _add_note(request, volunteer, data) -> str:
    services.volunteer_note_add(volunteer=volunteer, author=request.user, **data)
    return _("Noten er gemt.")


def _note_done(request, volunteer, data) -> str:
    services.volunteer_note_done(volunteer=volunteer, note_id=data["note"], actor=request.user)
    return _("Noten er markeret som klaret.")


# The page's forms, told apart by their hidden "what" field: form class and the service call.
DETAIL_ACTIONS = {
    "status": (forms.StatusForm, _set_status),
    "note": (forms.NoteForm, _add_note),
    "note_done": (forms.NoteDoneForm, _note_done),
}


@access.role_required(K.COORDINATOR, K.ADMIN)
def volunteer_detail(request, pk):
    volunteer = vaccess.get_volunteer_for(request.user, pk)
    can_manage = vaccess.can_manage_volunteer(request.user, volunteer)
    shown = {"status": forms.StatusForm(volunteer=volunteer), "note": None}
    what = request.POST.get("what")
    if request.method == "POST" and what in DETAIL_ACTIONS:
        if not can_manage:
            raise PermissionDenied("Den frivillige hører til en anden kerneopgave.")
        form_class, act = DETAIL_ACTIONS[what]
        extra = {"volunteer": volunteer} if form_class is forms.StatusForm else {}
        form = form_class(request.POST, **extra)
        if form.is_valid():
            try:
                messages.success(request, act(request, volunteer, form.cleaned_data))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("volunteers:volunteer-detail", pk=pk)
        if what not in shown:  # a "done" button's hidden note id: nothing on the page to mark
            messages.error(request, _("Noten findes ikke."))
            return redirect("volunteers:volunteer-detail", pk=pk)
        shown[what] = form
    context = selectors.volunteer_page(volunteer, can_manage=can_manage)
    context.update(status_form=shown["status"], note_form=shown["note"] or forms.NoteForm())
    return render(request, "volunteers/volunteer_detail.html", context)


def _hours_in_scope(request):
    """The hours this user may decide on: those of her core tasks and her associations' opportunities."""
    if not (access.core_task_ids(request.user) or access.association_ids(request.user)):
        raise PermissionDenied("Kun koordinatorer og foreninger godkender timer.")
    return vaccess.hours_approvable_by(request.user)


def _confirm_question(decision: str, counts: dict) -> str:
    entries = ngettext("%(n)s registrering", "%(n)s registreringer", counts["entries"]) % {
        "n": counts["entries"]
    }
    volunteers = ngettext("%(n)s frivillig", "%(n)s frivillige", counts["volunteers"]) % {
        "n": counts["volunteers"]
    }
    if decision == "approve":
        return _("Godkend %(entries)s for %(volunteers)s?") % {
            "entries": entries,
            "volunteers": volunteers,
        }
    return _("Afvis %(entries)s for %(volunteers)s?") % {
        "entries": entries,
        "volunteers": volunteers,
    }


@login_required
def hours_approve(request):
    """Pending hours, nothing ticked; a decision is shown for confirmation before anything changes."""
    entries = _hours_in_scope(request)
    found = filters.HoursFilter(
        request.GET,
        queryset=entries.filter(status=HoursEntry.Status.PENDING).select_related(
            "volunteer__user", "opportunity", "core_task"
        ),
        core_tasks=CoreTask.objects.filter(pk__in=entries.values("core_task_id")),
    )
    pending = found.qs
    form = forms.HoursDecisionForm(request.POST or None, queryset=pending)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = pending.filter(pk__in=[e.pk for e in data["entries"]])
        if data["confirmed"]:
            try:
                count = services.hours_decide_bulk(
                    entries=chosen,
                    approve=data["decision"] == "approve",
                    actor=request.user,
                    reason=data["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(n)s registreringer er behandlet.") % {"n": count})
                return redirect(request.get_full_path())
        # Drawn as required when rejecting; hours_decide_bulk is where the rule is enforced.
        form.fields["reason"].required = data["decision"] == "reject"
        return render(
            request,
            "volunteers/hours_confirm.html",
            {
                "form": form,
                "chosen": list(chosen),
                "decision": data["decision"],
                "question": _confirm_question(data["decision"], selectors.hours_selection(chosen)),
                "back_url": request.get_full_path(),
            },
        )
    return render(
        request,
        "volunteers/hours_approve.html",
        {
            "form": form,
            "filter": found,
            "pending": list(pending[:300]),
            "summary": selectors.hours_summary(entries),
        },
    )


@login_required
def hours_edit(request, pk):
    """A coordinator corrects an entry of her core tasks; the change is audited with old and new values."""
    entry = get_object_or_404(
        _hours_in_scope(request).select_related("volunteer__user", "core_task"), pk=pk
    )
    form = forms.HoursCorrectionForm(
        request.POST or None,
        initial={
            "worked_on": entry.worked_on,
            "hours": Decimal(entry.duration_min) / 60,
            "description": entry.description,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.hours_correct(
                entry=entry,
                actor=request.user,
                worked_on=d["worked_on"],
                duration_min=int(d["hours"] * 60),
                description=d["description"],
                reason=d["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Registreringen er rettet."))
            return redirect("volunteers:hours-approve")
    return render(
        request,
        "volunteers/hours_edit.html",
        {"form": form, "entry": entry},
        status=400 if request.method == "POST" else 200,
    )


@access.role_required(K.COORDINATOR)
def dashboard(request):
    picked = forms.DashboardForm(request.GET)
    wanted = picked.cleaned_data["core_task"] if picked.is_valid() else None  # junk: her first
    task_id = vaccess.dashboard_task_ids(request.user, wanted)
    # Access is checked above on every request; the whole page is then kept for this user, session
    # and roles until anything changes (community/page_cache.py), so a repeat view renders nothing.
    return page_cache.user_page(
        request,
        ["volunteers.dashboard", task_id, access.role_signature(request.user)],
        lambda: _dashboard_page(request, task_id),
    )


def _dashboard_page(request, task_id: int):
    my_tasks = [t for t in CoreTask.objects.all() if t.pk in access.core_task_ids(request.user)]
    main = render_to_string(
        "volunteers/_dashboard_main.html", _dashboard_context(task_id, my_tasks), request=request
    )
    return render(request, "volunteers/dashboard.html", {"main": main})


def _dashboard_context(task_id: int, my_tasks: list) -> dict:
    figures = selectors.dashboard(core_task_id=task_id)
    matching = _matching_selectors()
    summary = matching.coordinator_summary(core_task_ids={task_id}) if matching else None
    areas = selectors.areas_table(
        figures["volunteers_by_area"], (summary or {}).get("needs_by_area", {})
    )
    return {
        "task": next(t for t in my_tasks if t.pk == task_id),
        "my_tasks": my_tasks,
        "f": figures,
        "summary": summary,
        "areas": areas,
        "chart": {
            "labels": [m["month"].strftime("%m/%Y") for m in figures["trend"]],
            "signups": [m["signups"] for m in figures["trend"]],
            "hours": [m["hours"] for m in figures["trend"]],
        },
    }


@access.role_required(K.COORDINATOR, K.ADMIN)
def export(request):
    """CSV of the volunteers the coordinator may see (optionally one core task); every row read is audited."""
    found = filters.VolunteerExportFilter(
        request.GET, queryset=vaccess.volunteers_visible_to(request.user)
    )
    found.is_valid()  # a core task that does not parse is left out: the export has everything
    header, rows = services.volunteers_export(
        actor=request.user,
        volunteers=found.qs,
        core_task=found.form.cleaned_data.get("core_task"),
    )
    return csv_response("frivillige", header, rows)
