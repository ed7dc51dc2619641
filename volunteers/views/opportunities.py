"""Opportunities: the public list, applying, and the pages of those who post and manage them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import access
from community.access import volunteers as vaccess
from community.service_calls import call_service
from volunteers import forms, selectors, services, waitlist
from volunteers.models import Application, Volunteer, WaitlistEntry
from volunteers.views import saved


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
        if form.is_valid() and saved(
            request,
            form,
            _("Tak! Din ansøgning er sendt."),
            services.application_create,
            opportunity_id=opportunity.pk,
            volunteer=volunteer,
            message=form.cleaned_data["message"],
        ):
            return redirect("volunteers:mine")
    return render(
        request,
        "volunteers/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "volunteer": volunteer,
            "form": form,
            "applied": applied,
            "waiting": volunteer
            and WaitlistEntry.objects.filter(
                opportunity=opportunity, volunteer=volunteer, status__in=WaitlistEntry.OPEN
            ).first(),
            "free": waitlist.places_free(opportunity),
        },
    )


@require_POST
@login_required
def waitlist_join(request, pk):
    volunteer = Volunteer.objects.filter(user=request.user).first()
    if volunteer is None:
        raise PermissionDenied("Kun frivillige kan stå på venteliste.")
    if not selectors.open_opportunities().filter(pk=pk).exists():
        raise Http404("Opgaven findes ikke eller er lukket.")
    if call_service(
        request,
        waitlist.waitlist_join,
        _("Du står nu på ventelisten. Vi skriver til dig, hvis der bliver en plads."),
        opportunity_id=pk,
        volunteer=volunteer,
    ):
        return redirect("volunteers:mine")
    return redirect("volunteers:opportunity-detail", pk=pk)


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
        opportunity = saved(
            request,
            form,
            _("Opgaven er oprettet."),
            services.opportunity_create,
            created_by=request.user,
            data=form.opportunity_data(),
        )
        if opportunity:
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
        call_service(
            request,
            services.application_decide,
            _("Ansøgningen er besvaret."),
            application=application,
            approve=request.POST.get("decision") == "approve",
            actor=request.user,
        )
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
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            request,
            form,
            _("Opgaven er gemt."),
            services.opportunity_update,
            opportunity=opportunity,
            data=form.opportunity_data(),
            actor=request.user,
        )
    ):
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
