from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.access import hearings as hearing_access
from hearings import publishing, selectors, services
from hearings.forms import (
    ADD_QUESTION,
    AnswerForm,
    HearingForm,
    hide_errors,
    question_formset,
    with_one_more_question,
)
from hearings.models import Hearing
from localareas.models import LocalArea


def hearing_list(request):
    area = None
    if request.GET.get("omraade"):
        area = LocalArea.objects.filter(slug=request.GET["omraade"]).first()
    context = selectors.hearings_listed(area=area)
    context.update(
        area=area,
        areas=LocalArea.objects.only("name", "slug"),
        can_open=hearing_access.can_open_hearings(request.user),
    )
    return render(request, "hearings/hearing_list.html", context)


def hearing_detail(request, pk):
    """The hearing and its questions; answering needs no account."""
    hearing = get_object_or_404(Hearing.objects.select_related("local_area", "council"), pk=pk)
    questions = list(hearing.questions.all())
    anonymous = not request.user.is_authenticated
    form = AnswerForm(
        request.POST or None, hearing=hearing, questions=questions, anonymous=anonymous
    )
    state = hearing.state()
    can_manage = hearing_access.can_manage(request.user, hearing)
    if request.method == "POST" and state == "open" and form.is_valid():
        try:
            response, replaced = services.response_submit(
                hearing=hearing,
                answers=form.answers(),
                user=request.user,
                email=form.cleaned_data.get("email", ""),
                age_band=form.cleaned_data["age_band"],
                follow=form.cleaned_data["follow"],
            )
        except services.HearingClosed as closed:
            messages.error(request, str(closed))
            return redirect("hearings:detail", pk=hearing.pk)
        if anonymous:
            return redirect("hearings:check-mail", pk=hearing.pk)
        if replaced:
            messages.info(request, _("Du havde svaret før. Dit nye svar har erstattet det gamle."))
        return redirect("hearings:thanks", pk=hearing.pk)
    return render(
        request,
        "hearings/hearing_detail.html",
        {
            "hearing": hearing,
            "form": form,
            "state": state,
            "can_manage": can_manage,
            "can_see_results": hearing_access.can_see_results(request.user, hearing),
            "followers": publishing.followers(hearing).count() if can_manage else None,
        },
    )


def check_mail(request, pk):
    hearing = get_object_or_404(Hearing, pk=pk)
    return render(request, "hearings/check_mail.html", {"hearing": hearing})


def thanks(request, pk):
    hearing = get_object_or_404(Hearing, pk=pk)
    return render(
        request,
        "hearings/thanks.html",
        {
            "hearing": hearing,
            "can_see_results": hearing_access.can_see_results(request.user, hearing),
        },
    )


def confirm(request, token):
    """GET asks (link scanners follow mailed links), POST counts the answer."""
    if request.method == "POST":
        response, outcome = services.response_confirm(token)
    else:
        response, outcome = services.response_for_token(token)
    hearing = response.hearing if response else None
    return render(
        request,
        "hearings/confirmed.html",
        {
            "hearing": hearing,
            "outcome": outcome,
            "can_see_results": hearing is not None
            and hearing_access.can_see_results(request.user, hearing),
        },
        status=400 if outcome == "invalid" else 200,
    )


def hearing_results(request, pk):
    hearing = get_object_or_404(Hearing.objects.select_related("local_area"), pk=pk)
    manager = hearing_access.can_manage(request.user, hearing)
    if not (hearing.results_public or manager):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("Resultatet af denne høring er ikke offentligt."))
    items = selectors.results(hearing, with_text=manager)
    chart = [
        {
            "id": f"q{item['question'].pk}",
            "labels": [r[0] for r in item["rows"]],
            "counts": [r[1] for r in item["rows"]],
        }
        for item in items
        if "rows" in item
    ]
    return render(
        request,
        "hearings/results.html",
        {
            "hearing": hearing,
            "items": items,
            "chart": chart,
            "participation": selectors.participation(hearing),
            "manager": manager,
            "state": hearing.state(),
        },
    )


def participation(request):
    """Participation across areas and over time: answers per 1,000 inhabitants, the last 12 months."""
    overview = selectors.participation_overview()
    chart = {
        "labels": [m["month"].strftime("%Y-%m") for m in overview["months"]],
        "counts": [m["answers"] for m in overview["months"]],
    }
    return render(request, "hearings/participation.html", {**overview, "chart": chart})


def manage(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not hearing_access.can_open_hearings(request.user):
        raise PermissionDenied(_("Kun playmakere, lokalråd og administratorer opretter høringer."))
    areas = hearing_access.areas_for_hearings(request.user)
    return render(request, "hearings/manage.html", {"hearings": selectors.hearings_managed(areas)})


def hearing_edit(request, pk=None):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    hearing = hearing_access.get_hearing_to_edit(request.user, pk)
    locked = hearing is not None and hearing.questions_locked
    data = request.POST if request.method == "POST" else None
    form = HearingForm(
        data, instance=hearing, areas=hearing_access.areas_for_hearings(request.user)
    )
    adding = data is not None and ADD_QUESTION in data and formset_shown(data)
    if adding:
        data = with_one_more_question(data)
        form = HearingForm(
            data, instance=hearing, areas=hearing_access.areas_for_hearings(request.user)
        )
    formset = question_formset(data, hearing=hearing, locked=locked)
    if adding:
        hide_errors(form, formset)
    elif data is not None and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            saved = services.hearing_save(
                user=request.user,
                hearing=hearing,
                questions=None if formset is None else formset.questions(),
                **{name: form.cleaned_data[name] for name in form.fields},
            )
        except services.QuestionsLocked as exc:
            messages.error(request, str(exc))
            return redirect("hearings:edit", pk=hearing.pk)
        messages.success(request, _("Høringen er gemt."))
        return redirect("hearings:detail", pk=saved.pk)
    return render(
        request,
        "hearings/hearing_form.html",
        {
            "form": form,
            "formset": formset,
            "hearing": hearing,
            "locked": locked,
            "can_add": formset is not None and formset.total_form_count() < formset.max_num,
        },
    )


def formset_shown(data) -> bool:
    return "q-TOTAL_FORMS" in data


def hearing_publish(request, pk):
    """POST: publish the results or the decision and mail those who follow the hearing."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("hearings:detail", args=[pk]))
    hearing = hearing_access.get_hearing_to_edit(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    publish = {
        "resultat": publishing.hearing_publish_results,
        "beslutning": publishing.hearing_publish_decision,
    }.get(request.POST.get("step", ""))
    if publish is None:
        messages.error(
            request, _("Vælg, om det er resultatet eller beslutningen, du offentliggør.")
        )
        return redirect("hearings:detail", pk=hearing.pk)
    try:
        sent = publish(hearing=hearing, user=request.user)
    except publishing.NotReady as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "Offentliggjort. %(n)s, der følger høringen, får besked på e-mail.",
                "Offentliggjort. %(n)s, der følger høringen, får besked på e-mail.",
                sent,
            )
            % {"n": sent},
        )
    return redirect("hearings:detail", pk=hearing.pk)


def unfollow(request, token):
    """GET asks (link scanners follow mailed links), POST stops following and deletes the address."""
    if request.method == "POST":
        hearing, outcome = publishing.follower_stop(token)
    else:
        follower, outcome = publishing.follower_for_token(token)
        hearing = follower.hearing if follower else None
    return render(
        request,
        "hearings/unfollow.html",
        {"hearing": hearing, "outcome": outcome},
        status=400 if outcome == "invalid" else 200,
    )
