"""The volunteer's own pages: sign-up, profile, hours, e-mail choices and the one-click links."""

from __future__ import annotations

from allauth.account import app_settings as allauth_settings
from allauth.account.utils import complete_signup
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.models import User
from community.service_calls import call_service
from volunteers import forms, notify, services, waitlist
from volunteers.models import Application, Volunteer, WaitlistEntry
from volunteers.views import saved


def signup(request):
    """A visitor makes her account and profile in one step; a logged-in person only the profile."""
    user = request.user if request.user.is_authenticated else None
    if user and Volunteer.objects.filter(user=user).exists():
        return redirect("volunteers:mine")
    signup_forms = forms.SignupForms(
        request.POST if request.method == "POST" else None, new_account=user is None
    )
    if request.method == "POST":
        if signup_forms.account is not None:
            # The same per-IP limit as allauth's own sign-up form.
            limited = ratelimit.consume_or_429(request, action="signup")
            if limited:
                return limited
        if signup_forms.is_valid():
            volunteer = call_service(
                request,
                services.volunteer_sign_up,
                form=signup_forms.profile,
                user=user,
                language=(translation.get_language() or "da")[:2],
                **signup_forms.sign_up_arguments(),
            )
            if volunteer:
                return _signed_up(request, volunteer, new_account=user is None)
    return render(request, "volunteers/signup.html", signup_forms.context())


def _signed_up(request, volunteer, *, new_account: bool):
    if new_account:
        # allauth's own sign-up completion: it mails the confirmation link and remembers this
        # browser, so following the link here logs the new volunteer straight in.
        complete_signup(
            request, volunteer.user, allauth_settings.EMAIL_VERIFICATION, reverse("volunteers:mine")
        )
        return render(request, "volunteers/signup_done.html", {"email": volunteer.user.email})
    messages.success(request, _("Tak! Du er nu skrevet op som frivillig."))
    return redirect("volunteers:mine")


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
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            request,
            form,
            _("Dine oplysninger er gemt."),
            services.volunteer_update,
            volunteer=volunteer,
            actor=request.user,
            data=form.profile_data(),
            core_tasks=form.cleaned_data.get("core_tasks") or [],
        )
    ):
        return redirect("volunteers:mine")
    return render(
        request, "volunteers/profile_edit.html", {"profile": form, "volunteer": volunteer}
    )


@login_required
def mine(request):
    volunteer = _own_volunteer(request)
    applications = volunteer.applications.select_related("opportunity").order_by("-created_at")
    hours = volunteer.hours.select_related("opportunity", "core_task")[:50]
    waiting = volunteer.waitlist.filter(status__in=WaitlistEntry.OPEN).select_related("opportunity")
    form = forms.HoursForm(initial={"worked_on": timezone.localdate()}, volunteer=volunteer)
    approved_min = sum(h.duration_min for h in volunteer.hours.filter(status="approved"))
    return render(
        request,
        "volunteers/mine.html",
        {
            "volunteer": volunteer,
            "applications": applications,
            "waiting": waiting,
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
        if saved(
            request,
            form,
            _("Dine timer er skrevet. En koordinator godkender dem."),
            services.hours_log,
            volunteer=volunteer,
            worked_on=d["worked_on"],
            duration_min=int(d["hours"] * 60),
            core_task=d.get("core_task"),
            opportunity=d.get("opportunity"),
            description=d.get("description", ""),
        ):
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
        if data["a"] == "confirm_application":
            done = bool(
                call_service(request, services.application_confirm, application=application)
            )
        else:
            done = bool(
                call_service(request, services.preference_unsubscribe, user=user, kind=data["o"])
            )
    return render(
        request,
        "volunteers/action.html",
        {"data": data, "application": application, "done": done},
    )


@require_POST
@login_required
def application_withdraw(request, pk):
    application = Application.objects.filter(pk=pk, volunteer__user=request.user).first()
    if application is None:
        raise Http404("Ansøgningen findes ikke.")
    call_service(
        request, services.application_withdraw, application=application, actor=request.user
    )
    return redirect("volunteers:mine")


def _own_waitlist_entry(request, pk) -> WaitlistEntry:
    entry = WaitlistEntry.objects.filter(pk=pk, volunteer__user=request.user).first()
    if entry is None:
        raise Http404("Pladsen på ventelisten findes ikke.")
    return entry


@require_POST
@login_required
def waitlist_accept(request, pk):
    call_service(
        request,
        waitlist.waitlist_accept,
        _("Du har taget pladsen. En koordinator svarer dig snart."),
        entry=_own_waitlist_entry(request, pk),
    )
    return redirect("volunteers:mine")


@require_POST
@login_required
def waitlist_leave(request, pk):
    call_service(
        request,
        waitlist.waitlist_leave,
        _("Du står ikke længere på ventelisten."),
        entry=_own_waitlist_entry(request, pk),
    )
    return redirect("volunteers:mine")
