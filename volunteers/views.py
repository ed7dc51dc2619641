from __future__ import annotations

import importlib
from datetime import timedelta

from allauth.account import app_settings as allauth_settings
from allauth.account.utils import complete_signup
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import access
from community.access import volunteers as vaccess
from community.audit import log_action, log_reads
from community.exports import csv_response
from community.models import CoreTask, Role, User
from volunteers import forms, notify, selectors, services
from volunteers.models import Activity, Application, HoursEntry, Volunteer, VolunteerNote

K = Role.Kind


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def _matching_selectors():
    """The matching module supplies needs, proposals and follow-ups; without it those sections are left out."""
    try:
        module = importlib.import_module("matching.selectors")
    except ImportError:
        return None
    return module if hasattr(module, "coordinator_summary") else None


# Sign-up and the volunteer's own pages ---------------------------------------------------------------


def signup(request):
    user = request.user if request.user.is_authenticated else None
    if user and Volunteer.objects.filter(user=user).exists():
        return redirect("volunteers:mine")
    data = request.POST if request.method == "POST" else None
    account = None if user else forms.AccountFields(data, prefix="account")
    profile = forms.ProfileForm(data)
    consent = forms.ConsentForm(data)
    if data is not None and account is not None:
        # The same per-IP limit as allauth's own sign-up form.
        limited = ratelimit.consume_or_429(request, action="signup")
        if limited:
            return limited
    if data is not None:
        valid = all([f.is_valid() for f in (account, profile, consent) if f is not None])
        if valid:
            language = translation.get_language() or "da"
            try:
                volunteer = services.volunteer_sign_up(
                    user=user,
                    account=account.account_data() if account is not None else None,
                    data=profile.profile_data(),
                    core_tasks=profile.cleaned_data.get("core_tasks") or [],
                    language=language[:2],
                )
            except ValidationError as exc:
                _errors(profile, exc)
            else:
                user = volunteer.user
                if account is not None:
                    # allauth's own sign-up completion: it mails the confirmation link and remembers
                    # this browser, so following the link here logs the new volunteer straight in.
                    complete_signup(
                        request,
                        user,
                        allauth_settings.EMAIL_VERIFICATION,
                        reverse("volunteers:mine"),
                    )
                    return render(request, "volunteers/signup_done.html", {"email": user.email})
                messages.success(request, _("Tak! Du er nu skrevet op som frivillig."))
                return redirect("volunteers:mine")
    return render(
        request,
        "volunteers/signup.html",
        {"account": account, "profile": profile, "consent": consent},
    )


def _own_volunteer(request) -> Volunteer:
    volunteer = Volunteer.objects.filter(user=request.user).select_related("local_area").first()
    if volunteer is None:
        raise Http404("Du er ikke skrevet op som frivillig.")
    return volunteer


@login_required
def profile(request):
    volunteer = _own_volunteer(request)
    form = forms.ProfileForm(
        request.POST or None,
        initial=forms.ProfileForm.initial_from(volunteer),
        away=volunteer.availability_exceptions,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_update(
                volunteer=volunteer,
                data=form.profile_data(),
                core_tasks=form.cleaned_data.get("core_tasks") or [],
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Dine oplysninger er gemt."))
            return redirect("volunteers:mine")
    return render(
        request, "volunteers/profile_edit.html", {"profile": form, "volunteer": volunteer}
    )


@login_required
def mine(request):
    volunteer = _own_volunteer(request)
    applications = volunteer.applications.select_related("opportunity").order_by("-created_at")
    hours = volunteer.hours.select_related("opportunity", "core_task")[:50]
    form = forms.HoursForm(initial={"worked_on": timezone.localdate()}, volunteer=volunteer)
    approved_min = sum(h.duration_min for h in volunteer.hours.filter(status="approved"))
    return render(
        request,
        "volunteers/mine.html",
        {
            "volunteer": volunteer,
            "applications": applications,
            "hours": hours,
            "form": form,
            "approved_hours": round(approved_min / 60, 1),
        },
    )


@login_required
def hours_log(request):
    volunteer = _own_volunteer(request)
    form = forms.HoursForm(request.POST or None, volunteer=volunteer)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.hours_log(
                volunteer=volunteer,
                worked_on=d["worked_on"],
                duration_min=int(d["hours"] * 60),
                core_task=d.get("core_task"),
                opportunity=d.get("opportunity"),
                description=d.get("description", ""),
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Dine timer er skrevet. En koordinator godkender dem."))
            return redirect("volunteers:mine")
    return render(
        request,
        "volunteers/hours_log.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def preferences(request):
    pref = notify.preference_for(request.user)
    form = forms.PreferenceForm(
        request.POST or None, initial={"language": pref.language, "kinds": pref.kinds}
    )
    if request.method == "POST" and form.is_valid():
        services.preference_update(
            user=request.user,
            language=form.cleaned_data["language"],
            kinds=form.cleaned_data["kinds"],
        )
        messages.success(request, _("Dine valg er gemt."))
        return redirect("volunteers:preferences")
    return render(request, "volunteers/preferences.html", {"form": form})


def action(request, token):
    """A one-click link from an e-mail: GET shows what will happen, POST does it (mail scanners only GET)."""
    data = notify.read_action_token(token)
    if data is None:
        return render(request, "volunteers/action.html", {"invalid": True}, status=400)
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    if user is None:
        return render(request, "volunteers/action.html", {"invalid": True}, status=400)
    application = None
    if data["a"] == "confirm_application":
        application = (
            Application.objects.filter(pk=data["o"], volunteer__user=user)
            .select_related("opportunity")
            .first()
        )
        if application is None:
            return render(request, "volunteers/action.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        try:
            if data["a"] == "confirm_application":
                services.application_confirm(application=application)
            else:
                services.preference_unsubscribe(user=user, kind=data["o"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            done = True
    return render(
        request,
        "volunteers/action.html",
        {"data": data, "application": application, "done": done},
    )


# Opportunities ------------------------------------------------------------------------------------


def opportunity_list(request):
    opportunities = list(selectors.open_opportunities().order_by("starts_at")[:200])
    for o in opportunities:
        o.free = max(o.places - o.taken, 0)
    points = [
        {
            "id": o.pk,
            "title": o.title,
            "lat": o.lat,
            "lon": o.lon,
            "url": reverse("volunteers:opportunity-detail", args=[o.pk]),
        }
        for o in opportunities
        if o.lat is not None
    ]
    return render(
        request,
        "volunteers/opportunity_list.html",
        {
            "opportunities": opportunities,
            "points": points,
            "can_post": vaccess.can_post_opportunities(request.user),
        },
    )


def opportunity_detail(request, pk):
    opportunity = selectors.open_opportunities().filter(pk=pk).first()
    if opportunity is None:
        raise Http404("Opgaven findes ikke eller er lukket.")
    volunteer = (
        Volunteer.objects.filter(user=request.user).first()
        if request.user.is_authenticated
        else None
    )
    form = forms.ApplyForm(request.POST or None)
    applied = (
        volunteer
        and Application.objects.filter(opportunity=opportunity, volunteer=volunteer).first()
    )
    if request.method == "POST":
        if volunteer is None:
            raise PermissionDenied("Kun frivillige kan søge opgaver.")
        if form.is_valid():
            try:
                services.application_create(
                    opportunity_id=opportunity.pk,
                    volunteer=volunteer,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("Tak! Din ansøgning er sendt."))
                return redirect("volunteers:mine")
    return render(
        request,
        "volunteers/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "volunteer": volunteer,
            "form": form,
            "applied": applied,
            "free": max(opportunity.places - opportunity.taken, 0),
        },
    )


@login_required
def opportunity_create(request):
    if not vaccess.can_post_opportunities(request.user):
        raise PermissionDenied("Kun koordinatorer og foreninger kan oprette opgaver.")
    form = forms.OpportunityForm(
        request.POST or None,
        task_ids=access.core_task_ids(request.user),
        association_ids=access.association_ids(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_create(
                created_by=request.user, data=form.opportunity_data()
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Opgaven er oprettet."))
            return redirect("volunteers:opportunity-manage", pk=opportunity.pk)
    return render(request, "volunteers/opportunity_create.html", {"form": form})


@login_required
def opportunity_manage(request, pk):
    opportunity = vaccess.get_manageable_opportunity(request.user, pk)
    applications = opportunity.applications.select_related("volunteer__user").order_by("created_at")
    if request.method == "POST":
        application = applications.filter(pk=request.POST.get("application")).first()
        if application is None:
            raise Http404("Ansøgningen findes ikke.")
        try:
            services.application_decide(
                application=application,
                approve=request.POST.get("decision") == "approve",
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Ansøgningen er besvaret."))
        return redirect("volunteers:opportunity-manage", pk=opportunity.pk)
    taken = sum(1 for a in applications if a.status in Application.TAKES_PLACE)
    return render(
        request,
        "volunteers/opportunity_manage.html",
        {"opportunity": opportunity, "applications": applications, "taken": taken},
    )


@login_required
def opportunity_edit(request, pk):
    """Who manages an opportunity edits it; closing it is a separate, confirmed step."""
    opportunity = vaccess.get_manageable_opportunity(request.user, pk)
    form = forms.OpportunityForm(
        request.POST or None,
        instance=opportunity,
        task_ids=access.core_task_ids(request.user),
        association_ids=access.association_ids(request.user)
        | ({opportunity.association_id} if opportunity.association_id else set()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(
                opportunity=opportunity, data=form.opportunity_data(), actor=request.user
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Opgaven er gemt."))
            return redirect("volunteers:opportunity-manage", pk=opportunity.pk)
    return render(
        request, "volunteers/opportunity_create.html", {"form": form, "opportunity": opportunity}
    )


@login_required
def opportunity_close(request, pk):
    opportunity = vaccess.get_manageable_opportunity(request.user, pk)
    if request.method == "POST":
        waiting = services.opportunity_close(opportunity=opportunity, actor=request.user)
        messages.success(
            request,
            _("Opgaven er lukket. %(n)s, der ventede på svar, har fået besked.") % {"n": waiting},
        )
        return redirect("volunteers:opportunity-mine")
    return render(request, "volunteers/opportunity_close.html", {"opportunity": opportunity})


@login_required
def opportunity_mine(request):
    if not vaccess.can_post_opportunities(request.user) and not access.is_admin(request.user):
        raise PermissionDenied("Kun koordinatorer og foreninger har opgaver.")
    opportunities = (
        vaccess.opportunities_manageable_by(request.user)
        .select_related("core_task", "association")
        .annotate(
            pending=Count("applications", filter=Q(applications__status="pending")),
            taken=Count("applications", filter=Q(applications__status__in=Application.TAKES_PLACE)),
        )
        .order_by("-starts_at")[:200]
    )
    return render(request, "volunteers/opportunity_mine.html", {"opportunities": opportunities})


# Coordinators: volunteers, onboarding, hours ----------------------------------------------------------


@access.role_required(K.COORDINATOR, K.ADMIN)
def volunteer_list(request):
    qs = vaccess.volunteers_visible_to(request.user).select_related("user", "local_area")
    status = request.GET.get("status", "")
    task = request.GET.get("core_task", "")
    if status in Volunteer.Status.values:
        qs = qs.filter(status=status)
    if task.isdigit():
        qs = qs.filter(core_tasks=int(task))
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(user__first_name__icontains=q)
            | Q(user__last_name__icontains=q)
            | Q(interests__icontains=q)
        )
    page = Paginator(qs.order_by("user__last_name", "user__first_name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "volunteers/volunteer_list.html",
        {
            "page": page,
            "statuses": Volunteer.Status.choices,
            "core_tasks": CoreTask.objects.all(),
            "status": status,
            "task": task,
            "q": q,
        },
    )


@access.role_required(K.COORDINATOR, K.ADMIN)
def volunteer_detail(request, pk):
    volunteer = vaccess.get_volunteer_for(request.user, pk)
    can_manage = vaccess.can_manage_volunteer(request.user, volunteer)
    status_form = forms.StatusForm(initial={"status": volunteer.status})
    note_form = forms.NoteForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Den frivillige hører til en anden kerneopgave.")
        what = request.POST.get("what")
        if what == "status":
            status_form = forms.StatusForm(request.POST)
            if status_form.is_valid():
                services.volunteer_set_status(
                    volunteer=volunteer,
                    status=status_form.cleaned_data["status"],
                    actor=request.user,
                )
                messages.success(request, _("Status er ændret."))
                return redirect("volunteers:volunteer-detail", pk=pk)
        elif what == "note":
            note_form = forms.NoteForm(request.POST)
            if note_form.is_valid():
                services.volunteer_note_add(
                    volunteer=volunteer, author=request.user, **note_form.cleaned_data
                )
                messages.success(request, _("Noten er gemt."))
                return redirect("volunteers:volunteer-detail", pk=pk)
        elif what == "note_done":
            note = VolunteerNote.objects.filter(
                volunteer=volunteer, pk=request.POST.get("note")
            ).first()
            if note:
                services.volunteer_note_done(note=note)
            return redirect("volunteers:volunteer-detail", pk=pk)
    today = timezone.localdate()
    cert_until = volunteer.child_certificate_expires_on
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "can_manage": can_manage,
            "status_form": status_form,
            "note_form": note_form,
            "notes": volunteer.notes.select_related("author") if can_manage else [],
            "applications": volunteer.applications.select_related("opportunity"),
            "core_tasks": volunteer.core_tasks.all(),
            "cert_until": cert_until,
            "cert_warn": cert_until and cert_until <= today + timedelta(days=30),
        },
    )


@login_required
def hours_approve(request):
    entries = vaccess.hours_approvable_by(request.user)
    if not (access.core_task_ids(request.user) or access.association_ids(request.user)):
        raise PermissionDenied("Kun koordinatorer og foreninger godkender timer.")
    pending = entries.filter(status=HoursEntry.Status.PENDING).select_related(
        "volunteer__user", "opportunity", "core_task"
    )
    form = forms.HoursDecisionForm(request.POST or None, queryset=pending)
    if request.method == "POST" and form.is_valid():
        count = services.hours_decide_bulk(
            entries=pending.filter(pk__in=[e.pk for e in form.cleaned_data["entries"]]),
            approve=form.cleaned_data["decision"] == "approve",
            actor=request.user,
        )
        messages.success(request, _("%(n)s registreringer er behandlet.") % {"n": count})
        return redirect("volunteers:hours-approve")
    return render(
        request,
        "volunteers/hours_approve.html",
        {"form": form, "pending": list(pending[:300]), "summary": selectors.hours_summary(entries)},
    )


# The dashboard and export ---------------------------------------------------------------------------


@access.role_required(K.COORDINATOR)
def dashboard(request):
    wanted = request.GET.get("core_task")
    task_id = vaccess.dashboard_task_ids(
        request.user, int(wanted) if (wanted or "").isdigit() else None
    )
    my_tasks = [t for t in CoreTask.objects.all() if t.pk in access.core_task_ids(request.user)]
    task = next(t for t in my_tasks if t.pk == task_id)
    figures = selectors.dashboard(core_task_id=task_id)
    matching = _matching_selectors()
    summary = matching.coordinator_summary(core_task_ids={task_id}) if matching else None
    areas = selectors.areas_table(
        figures["volunteers_by_area"], (summary or {}).get("needs_by_area", {})
    )
    return render(
        request,
        "volunteers/dashboard.html",
        {
            "task": task,
            "my_tasks": my_tasks,
            "f": figures,
            "summary": summary,
            "areas": areas,
            "chart": {
                "labels": [m["month"].strftime("%m/%Y") for m in figures["trend"]],
                "signups": [m["signups"] for m in figures["trend"]],
                "hours": [m["hours"] for m in figures["trend"]],
            },
        },
    )


@access.role_required(K.COORDINATOR, K.ADMIN)
def export(request):
    """CSV of the volunteers the coordinator may see (optionally one core task); every row read is audited."""
    qs = vaccess.volunteers_visible_to(request.user).select_related("user", "local_area")
    task = request.GET.get("core_task", "")
    if task.isdigit() and len(task) < 10:
        qs = qs.filter(core_tasks=int(task))
    rows = list(qs.order_by("pk").prefetch_related("core_tasks"))
    log_reads(rows, actor=request.user, purpose="export", action="volunteer.export")
    log_action("volunteer.export", actor=request.user, data={"rows": len(rows), "core_task": task})
    activities = dict(Activity.choices)
    languages = dict(forms.LANGUAGE_CHOICES)
    return csv_response(
        "frivillige",
        [
            _("Nummer"),
            _("Fornavn"),
            _("Efternavn"),
            _("E-mail"),
            _("Telefon"),
            _("Status"),
            _("Lokalområde"),
            _("Kerneopgaver"),
            _("Vil gerne"),
            _("Sprog"),
            _("Børneattest tjekket"),
        ],
        (
            [
                v.pk,
                v.user.first_name,
                v.user.last_name,
                v.user.email,
                v.user.phone,
                v.get_status_display(),
                v.local_area.name if v.local_area else "",
                ", ".join(t.name for t in v.core_tasks.all()),
                ", ".join(str(activities.get(a, a)) for a in v.activities or []),
                ", ".join(str(languages.get(code, code)) for code in v.languages or []),
                date_format(v.child_certificate_checked_on, "SHORT_DATE_FORMAT")
                if v.child_certificate_checked_on
                else "",
            ]
            for v in rows
        ),
    )


@require_POST
@login_required
def application_withdraw(request, pk):
    application = Application.objects.filter(pk=pk, volunteer__user=request.user).first()
    if application is None:
        raise Http404("Ansøgningen findes ikke.")
    try:
        services.application_withdraw(application=application)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("volunteers:mine")
