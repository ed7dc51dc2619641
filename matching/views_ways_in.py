"""Citizens' ways in: the request form (with or without an account), the phone intake, own requests."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community import access, ratelimit
from community.audit import log_citizens_shown
from community.http import client_ip
from community.models import CoreTask, Role
from community.service_calls import call_service
from matching import selectors
from matching.forms import IntakeForm, IntakeSearchForm, NeedRequestForm, OpenRequestForm
from matching.models import Need
from matching.services import needs, ways_in

coordinator_required = access.role_required(Role.Kind.COORDINATOR)
OPEN_REQUEST_WINDOW_S = 3600


def need_request(request):
    """Anyone may ask: a visitor without an account gets the short form, a citizen her own."""
    if not request.user.is_authenticated:
        return _open_request(request)
    citizen = getattr(request.user, "citizen", None)
    initial = {}
    if citizen is not None:
        initial = {
            "street": citizen.street,
            "postcode": citizen.postcode,
            "city": citizen.city,
            "phone": citizen.phone,
        }
    form = NeedRequestForm(request.POST or None, initial=initial)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        duplicate = selectors.open_duplicate(citizen=citizen, kind=form.cleaned_data["kind"])
        if duplicate is None or request.POST.get("duplicate_ok"):
            if call_service(
                request,
                needs.need_request_submit,
                form=form,
                user=request.user,
                data=form.cleaned_data,
            ):
                return redirect("matching:need-request-done")
    return render(request, "matching/need_request.html", {"form": form, "duplicate": duplicate})


def _open_request_key(request) -> str:
    return f"matching:open-requests:{client_ip(request)}"


def _open_request(request):
    form = OpenRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        key = _open_request_key(request)
        if ratelimit.count(key) >= settings.MATCHING_OPEN_REQUESTS_PER_HOUR:
            wait_s = ratelimit.retry_after_s(key, OPEN_REQUEST_WINDOW_S)
            minutes = math.ceil(wait_s / 60)
            form.is_valid()
            form.add_error(
                None,
                ngettext(
                    "Der er sendt mange ønsker herfra på kort tid. Prøv igen om %(minutes)s minut, "
                    "eller ring til kommunen.",
                    "Der er sendt mange ønsker herfra på kort tid. Prøv igen om %(minutes)s "
                    "minutter, eller ring til kommunen.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            response = render(
                request, "matching/need_request_open.html", {"form": form}, status=429
            )
            response["Retry-After"] = str(wait_s)
            return response
        if form.is_valid():
            ratelimit.record(key, OPEN_REQUEST_WINDOW_S)
            data = dict(form.cleaned_data)
            # A bot that filled in the hidden field sees the receipt; nothing is saved.
            if not data.pop("website") and not call_service(
                request, ways_in.need_request_open, form=form, **data
            ):
                return render(request, "matching/need_request_open.html", {"form": form})
            return redirect("matching:need-request-received")
        status = 400
    return render(request, "matching/need_request_open.html", {"form": form}, status=status)


def need_request_received(request):
    return render(request, "matching/need_request_received.html")


def _intake_citizen(request, citizens):
    """The citizen picked from the search (?borger=), or None; another scope's citizen is not found."""
    raw = request.GET.get("borger", "")
    if not raw.isdigit() or len(raw) > 12:
        return None
    citizen = citizens.filter(pk=int(raw)).first()
    if citizen is None:
        raise Http404
    return citizen


@coordinator_required
def intake(request):
    """A phone call: search first, then pick the citizen or create a new one, and record the need."""
    tasks = CoreTask.objects.filter(pk__in=access.core_task_ids(request.user))
    citizens = (
        access.citizens_visible_to(request.user)
        .filter(core_tasks__in=access.core_task_ids(request.user))
        .distinct()
    )
    search = IntakeSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    candidates = selectors.intake_candidates(citizens=citizens, query=query)
    citizen = _intake_citizen(request, citizens)
    new = request.GET.get("ny") == "1" and citizen is None
    log_citizens_shown(
        candidates + ([citizen] if citizen else []), actor=request.user, purpose="matching"
    )
    form = None
    open_needs = []
    if citizen is not None or new:
        form = IntakeForm(request.POST or None, core_tasks=tasks, citizen=citizen)
        if citizen is not None:
            open_needs = list(
                citizen.needs.filter(status__in=selectors.OWN_OPEN_STATUSES).order_by("created_at")
            )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            need = call_service(
                request,
                ways_in.need_phone_intake,
                _("Borgeren og behovet er gemt."),
                form=form,
                actor=request.user,
                core_task=data.pop("core_task"),
                citizen=citizen,
                data=data,
            )
            if need:
                return redirect("matching:need-detail", pk=need.pk)
    return render(
        request,
        "matching/intake.html",
        {
            "search": search,
            "query": query,
            "candidates": candidates,
            "citizen": citizen,
            "new": new,
            "form": form,
            "open_needs": open_needs,
        },
    )


@login_required
def mine_need_withdraw(request, pk):
    """The citizen takes back one of her requests: a page that asks first, then a POST."""
    need = get_object_or_404(
        Need.objects.filter(citizen__user=request.user, status__in=selectors.OWN_OPEN_STATUSES),
        pk=pk,
    )
    if request.method == "POST":
        call_service(
            request,
            ways_in.need_withdraw_own,
            _("Dit ønske er trukket tilbage."),
            need=need,
            actor=request.user,
        )
        return redirect("matching:mine")
    return render(request, "matching/mine_need_withdraw.html", {"need": need})
