from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import access
from community.access import matching as rules
from community.audit import log_citizens_shown
from community.models import CoreTask, Role
from community.service_calls import call_service
from community.weekly import slots_from_choices
from matching import selectors
from matching.filters import MatchFilter, NeedFilter, ProposalFilter
from matching.forms import (
    ConsentForm,
    EndForm,
    FollowUpAnswerForm,
    NeedForm,
    PhoneAnswerForm,
    RejectForm,
    RunForm,
    WithdrawForm,
)
from matching.models import FollowUp, Match, MatchRun, Need, Proposal, UnmatchedReason
from matching.services import follow_ups, matches, needs, notify, proposals, runs

K = Role.Kind
coordinator_required = access.role_required(K.COORDINATOR)


def _call(request, success: str, service, **kwargs):
    """Call one write service as the request's user (community/service_calls.py)."""
    return call_service(request, service, success, actor=request.user, **kwargs)


def _valid(request, form, refusal: str) -> dict | None:
    """A small POST form's data, or None after telling the user what to fix."""
    if form.is_valid():
        return form.cleaned_data
    messages.error(request, refusal)
    return None


def _my_tasks(user):
    return CoreTask.objects.filter(pk__in=access.core_task_ids(user))


# The citizen's own request ------------------------------------------------------------------------


@login_required
def need_request_done(request):
    return render(request, "matching/need_request_done.html")


# Coordinators ---------------------------------------------------------------------------------------


@coordinator_required
def overview(request):
    tasks = access.core_task_ids(request.user)
    summary = selectors.coordinator_summary(core_task_ids=tasks)
    form = RunForm(core_tasks=_my_tasks(request.user))
    recent = MatchRun.objects.filter(started_by=request.user)[:5]
    call_backs = list(selectors.call_backs(core_task_ids=tasks)[: selectors.SUMMARY_LIST_LENGTH])
    log_citizens_shown([n.citizen for n in call_backs], actor=request.user, purpose="matching")
    return render(
        request,
        "matching/overview.html",
        {"summary": summary, "run_form": form, "runs": recent, "call_backs": call_backs},
    )


@coordinator_required
def need_list(request):
    found = NeedFilter(
        request.GET,
        queryset=rules.needs_visible_to(request.user)
        .select_related("citizen", "local_area", "core_task")
        .order_by("created_at"),
        core_tasks=_my_tasks(request.user),
    )
    page = Paginator(found.qs, 50).get_page(request.GET.get("side"))
    log_citizens_shown([n.citizen for n in page], actor=request.user, purpose="matching")
    return render(
        request,
        "matching/need_list.html",
        {"filter": found, "page": page, "reasons": dict(UnmatchedReason.choices)},
    )


@coordinator_required
def need_create(request):
    citizens = (
        access.citizens_visible_to(request.user)
        .filter(core_tasks__in=access.core_task_ids(request.user))
        .distinct()
    )
    form = NeedForm(request.POST or None, citizens=citizens, core_tasks=_my_tasks(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        consent = data.pop("consent")
        data["availability"] = slots_from_choices(data.pop("times"))
        citizen = data.pop("citizen")
        need = call_service(
            request,
            needs.need_create,
            _("Behovet er oprettet."),
            form=form,
            actor=request.user,
            citizen=citizen,
            source=Need.Source.TALK,
            consent=consent,
            **data,
        )
        if need:
            return redirect("matching:need-detail", pk=need.pk)
    # The form's picker names every citizen the coordinator may choose: that is a list, audited too.
    log_citizens_shown(form.fields["citizen"].queryset, actor=request.user, purpose="matching")
    return render(request, "matching/need_create.html", {"form": form})


@coordinator_required
def need_detail(request, pk):
    need = rules.get_need_for(request.user, pk)
    return render(
        request,
        "matching/need_detail.html",
        {
            "need": need,
            "proposals": need.proposals.select_related(
                "volunteer__user",
                "activity__association",
                "room__building",
                "meeting_room__building",
            ).order_by("rank", "-created_at"),
            "matches": need.matches.select_related("volunteer__user", "activity", "room"),
            "withdraw_form": WithdrawForm(),
            "reasons": dict(UnmatchedReason.choices),
        },
    )


@coordinator_required
@require_POST
def need_review(request, pk):
    need = rules.get_need_for(request.user, pk)
    _call(request, _("Ønsket er godkendt og kan nu matches."), needs.need_review, need=need)
    return redirect("matching:need-detail", pk=pk)


@coordinator_required
@require_POST
def need_withdraw(request, pk):
    need = rules.get_need_for(request.user, pk)
    data = _valid(request, WithdrawForm(request.POST), _("Skriv kort, hvorfor behovet lukkes."))
    if data is not None:
        _call(request, _("Behovet er lukket."), needs.need_withdraw, need=need, **data)
    return redirect("matching:need-detail", pk=pk)


@coordinator_required
@require_POST
def run_create(request):
    form = RunForm(request.POST, core_tasks=_my_tasks(request.user))
    if not form.is_valid():
        messages.error(request, _("Vælg en af dine kerneopgaver og et lokalområde fra listen."))
        return redirect("matching:overview")
    task = form.cleaned_data["core_task"]
    run = call_service(
        request,
        runs.matching_run_start,
        actor=request.user,
        core_task_ids={task.pk} if task else access.core_task_ids(request.user),
        local_area=form.cleaned_data["local_area"],
        prefer_more_matches=form.cleaned_data["prefer_more_matches"],
    )
    if run is None:
        return redirect("matching:overview")
    return redirect("matching:run-detail", pk=run.pk)


@coordinator_required
def run_detail(request, pk):
    """A run's progress by stage while it works (htmx polls the progress part), then its result."""
    run = rules.get_run_for(request.user, pk)
    template = "matching/_run_progress.html" if request.htmx else "matching/run_detail.html"
    return render(request, template, {"run": run})


def _proposal_rows(user, page):
    """Pending proposals with their alternatives, for the coordinator; reading the citizens is audited."""
    shown = list(page)
    need_ids = [p.need_id for p in shown]
    alternatives: dict[int, list] = {}
    for alt in (
        Proposal.objects.filter(need_id__in=need_ids, status=Proposal.Status.ALTERNATIVE)
        .select_related("volunteer__user", "activity__association", "room__building")
        .order_by("rank")
    ):
        alternatives.setdefault(alt.need_id, []).append(alt)
    log_citizens_shown([p.need.citizen for p in shown], actor=user, purpose="matching")
    return [(p, alternatives.get(p.need_id, [])) for p in shown]


@coordinator_required
def proposal_list(request):
    pending = (
        rules.proposals_visible_to(request.user)
        .filter(status=Proposal.Status.PENDING)
        .select_related(
            "need__citizen",
            "need__local_area",
            "volunteer__user",
            "activity__association",
            "room__building",
            "meeting_room__building",
        )
        .order_by("-score")
    )
    found = ProposalFilter(request.GET, queryset=pending, core_tasks=_my_tasks(request.user))
    page = Paginator(found.qs, 25).get_page(request.GET.get("side"))
    rows = _proposal_rows(request.user, page)
    return render(
        request,
        "matching/proposal_list.html",
        {"filter": found, "page": page, "rows": rows, "reject_form": RejectForm()},
    )


@coordinator_required
@require_POST
def proposal_accept(request, pk):
    proposal = rules.get_proposal_for(request.user, pk)
    match = _call(
        request,
        _("Forslaget er godkendt. Nu skal begge sige ja."),
        proposals.proposal_accept,
        proposal=proposal,
    )
    if match is None:
        return redirect("matching:proposal-list")
    return redirect("matching:match-detail", pk=match.pk)


QUEUE_FILTERS = ("core_task", "local_area", "side")


def _back_to_queue(request):
    """The proposal list with the filters and page the coordinator came from."""
    url = reverse("matching:proposal-list")
    kept = QueryDict(mutable=True)
    for key in QUEUE_FILTERS:
        if request.GET.get(key):
            kept[key] = request.GET[key]
    return redirect(f"{url}?{kept.urlencode()}" if kept else url)


@coordinator_required
@require_POST
def proposal_reject(request, pk):
    proposal = rules.get_proposal_for(request.user, pk)
    data = _valid(request, RejectForm(request.POST), _("Skriv kort, hvorfor forslaget afvises."))
    if data is None:
        return _back_to_queue(request)
    alternative = None
    if request.POST.get("alternative", "").isdigit():
        alternative = rules.get_proposal_for(request.user, int(request.POST["alternative"]))
    _call(
        request,
        _("Forslaget er afvist, og alternativet venter nu på din godkendelse.")
        if alternative
        else _("Forslaget er afvist. Parret bliver ikke foreslået igen."),
        proposals.proposal_reject,
        proposal=proposal,
        alternative=alternative,
        **data,
    )
    return _back_to_queue(request)


@coordinator_required
@require_POST
def proposal_promote(request, pk):
    proposal = rules.get_proposal_for(request.user, pk)
    _call(
        request,
        _("Alternativet er nu forslaget og venter på din godkendelse."),
        proposals.proposal_promote,
        proposal=proposal,
    )
    return redirect("matching:need-detail", pk=proposal.need_id)


@coordinator_required
def match_list(request):
    found = MatchFilter(
        request.GET,
        queryset=rules.matches_visible_to(request.user)
        .select_related(
            "need__citizen", "local_area", "volunteer__user", "activity", "room__building"
        )
        .order_by("-created_at"),
    )
    page = Paginator(found.qs, 50).get_page(request.GET.get("side"))
    log_citizens_shown([m.need.citizen for m in page], actor=request.user, purpose="follow_up")
    return render(request, "matching/match_list.html", {"filter": found, "page": page})


def _unanswered(match) -> list[str]:
    """The parties a coordinator may still record an answer for (a room has nobody to ask)."""
    if match.status != Match.Status.AWAITING_CONSENT:
        return []
    parties = [] if match.citizen_consent_at else ["citizen"]
    if not match.provider_consent_at:
        parties.append("provider")
    return parties


@coordinator_required
def match_detail(request, pk):
    match = rules.get_match_for(request.user, pk)
    rules.get_need_for(request.user, match.need_id, purpose="follow_up")
    parties = _unanswered(match)
    return render(
        request,
        "matching/match_detail.html",
        {
            "match": match,
            "follow_ups": match.follow_ups.prefetch_related("answers"),
            "end_form": EndForm(),
            "answer_form": PhoneAnswerForm(parties=parties) if parties else None,
            "contacts": [
                selectors.contact_details(match, "citizen"),
                selectors.contact_details(match, "provider"),
            ],
        },
    )


@coordinator_required
@require_POST
def match_consent(request, pk):
    """The coordinator records a yes or no a party gave by phone or in person, with a note."""
    match = rules.get_match_for(request.user, pk)
    form = PhoneAnswerForm(request.POST, parties=_unanswered(match))
    data = _valid(request, form, _("Vælg hvem der har svaret, og om det er ja eller nej."))
    if data is not None:
        _call(
            request,
            _("Svaret er gemt."),
            matches.match_consent,
            match=match,
            via="phone",
            **data,
        )
    return redirect("matching:match-detail", pk=pk)


@coordinator_required
@require_POST
def match_end(request, pk):
    match = rules.get_match_for(request.user, pk)
    data = _valid(request, EndForm(request.POST), _("Vælg hvordan det endte."))
    if data is not None:
        _call(request, _("Matchet er afsluttet."), matches.match_end, match=match, **data)
    return redirect("matching:match-detail", pk=pk)


@coordinator_required
def figures(request):
    data = selectors.figures(core_task_ids=access.core_task_ids(request.user))
    return render(request, "matching/figures.html", {"figures": data})


# Volunteers, citizens and associations: their own matches ------------------------------------------


@login_required
def mine(request):
    own = (
        rules.own_matches(request.user)
        .exclude(status=Match.Status.DECLINED)
        .select_related(
            "need__citizen",
            "need__citizen__user",
            "volunteer__user",
            "activity__association",
            "room__building",
            "proposal__meeting_room__building",
        )
        .prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.prefetch_related("answers"))
        )
        .order_by("-created_at")
    )
    rows = []
    for match in own:
        party = rules.party_in(request.user, match)
        due = [
            f
            for f in match.follow_ups.all()
            if match.status == Match.Status.ACTIVE
            and f.reminded_at is not None
            and party not in {a.party for a in f.answers.all()}
        ]
        other = "provider" if party == "citizen" else "citizen"
        rows.append(
            {
                "match": match,
                "party": party,
                "due": due,
                "contact": selectors.contact_details(match, other),
            }
        )
    waiting = Need.objects.filter(
        citizen__user=request.user, status__in=selectors.OWN_OPEN_STATUSES
    ).order_by("-created_at")
    # A volunteer's page names the citizens she is matched with: a list like any other.
    log_citizens_shown(
        [r["match"].need.citizen for r in rows if r["party"] == "provider"],
        actor=request.user,
        purpose="matching",
    )
    return render(request, "matching/mine.html", {"rows": rows, "needs": waiting})


@login_required
@require_POST
def mine_consent(request, pk):
    match = rules.get_own_match_for(request.user, pk)
    party = rules.party_in(request.user, match)
    form = ConsentForm(request.POST)
    if party is None or not form.is_valid():
        messages.error(request, _("Vælg ja eller nej."))
        return redirect("matching:mine")
    _call(
        request,
        _("Tak for dit svar."),
        matches.match_consent,
        match=match,
        party=party,
        **form.cleaned_data,
    )
    return redirect("matching:mine")


@login_required
def follow_up_answer(request, pk):
    follow_up = get_object_or_404(FollowUp.objects.select_related("match"), pk=pk)
    match = rules.get_own_match_for(request.user, follow_up.match_id)
    party = rules.party_in(request.user, match)
    if party is None:
        raise PermissionDenied
    form = FollowUpAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(
            request,
            follow_ups.follow_up_answer,
            _("Tak for dine svar."),
            form=form,
            follow_up=follow_up,
            party=party,
            actor=request.user,
            **form.cleaned_data,
        ):
            return redirect("matching:mine")
    return render(
        request,
        "matching/follow_up_answer.html",
        {"form": form, "follow_up": follow_up, "match": match},
    )


def _party_user(match, party):
    if party == "citizen":
        return match.need.citizen.user
    return match.volunteer.user if match.volunteer_id else None


def answer(request, token):
    """A party's one-click answer from the mail: GET shows the question, POST answers (scanners only GET)."""
    data, problem = notify.read_answer_token(token)
    match = None
    if data is not None:
        match = (
            Match.objects.select_related(
                "need__citizen__user", "volunteer__user", "activity__association", "room"
            )
            .filter(pk=data["m"])
            .first()
        )
        if match is None:
            problem = "invalid"
    if problem:
        return render(request, "matching/answer.html", {"problem": problem}, status=400)
    party = data["p"]
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Vælg ja eller nej."))
            return redirect("matching:answer", token=token)
        call_service(
            request,
            matches.match_consent,
            _("Tak for dit svar."),
            match=match,
            party=party,
            # The link speaks for the party it was sent to, whoever holds it.
            actor=_party_user(match, party),
            via="link",
            **form.cleaned_data,
        )
        return redirect("matching:answer", token=token)
    answered = match.citizen_consent_at if party == "citizen" else match.provider_consent_at
    other = "provider" if party == "citizen" else "citizen"
    return render(
        request,
        "matching/answer.html",
        {
            "match": match,
            "party": party,
            "answered": answered,
            "contact": selectors.contact_details(match, other),
        },
    )
