"""Writes for hearings: open and edit a hearing, submit and confirm answers (one counted per person)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from community.audit import log_action
from community.messaging import send_message
from community.site import absolute_url
from hearings.models import Answer, Follower, Hearing, Question, Response

CONFIRM_SALT = "hearings.confirm"


def confirm_max_age() -> timedelta:
    """How long a confirmation link works; an answer not confirmed by then is deleted (RETENTION)."""
    return timedelta(days=settings.RETENTION["unconfirmed_hearing_answers"])


class HearingClosed(Exception):
    """The hearing does not take answers today; the message says why, for the citizen."""


class QuestionsLocked(Exception):
    """Someone answered while the questions were being edited: they are kept as answered."""


def respondent_key(email: str) -> str:
    """A keyed hash of the e-mail address: tells two answers from one person apart without keeping it."""
    return salted_hmac("hearings.respondent", email.strip().lower(), algorithm="sha256").hexdigest()


def confirm_token(response: Response) -> str:
    return signing.dumps({"r": response.pk}, salt=CONFIRM_SALT)


# --- hearings ---


def hearing_save(*, user, hearing: Hearing | None = None, questions: list[dict] | None, **fields):
    """Create or update a hearing. `questions` (text, kind, options, required) replaces the questions;
    None keeps them. Raises QuestionsLocked, changing nothing, if someone has answered meanwhile."""
    with transaction.atomic():
        creating = hearing is None
        if creating:
            hearing = Hearing(created_by=user)
        else:
            # Locked so an answer cannot slip in between the check and the new questions.
            hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
            if questions is not None and hearing.questions_locked:
                raise QuestionsLocked(
                    _(
                        "Nogen har svaret på høringen, mens du redigerede den. Spørgsmålene er "
                        "derfor låst; dine andre ændringer er ikke gemt."
                    )
                )
        for name, value in fields.items():
            setattr(hearing, name, value)
        hearing.full_clean()
        hearing.save()
        if questions is not None:
            hearing.questions.all().delete()
            Question.objects.bulk_create(
                Question(hearing=hearing, order=i, **q) for i, q in enumerate(questions)
            )
        log_action(
            "hearing.created" if creating else "hearing.updated",
            obj=hearing,
            actor=user,
            data={"questions": len(questions) if questions is not None else "unchanged"},
        )
    return hearing


# --- answers ---


def response_submit(
    *,
    hearing: Hearing,
    answers: dict[int, object],
    user=None,
    email: str = "",
    age_band: str = "",
    follow: bool = False,
    now=None,
) -> tuple[Response, bool]:
    """Store one person's answers. Returns (response, replaced): replaced tells a logged-in person that an
    earlier answer of theirs was replaced. An anonymous answer waits for its e-mail confirmation.
    `follow` keeps the address to mail the results and the decision (it follows once the answer counts)."""
    now = now or timezone.now()
    state = hearing.state(timezone.localdate(now))
    if state == "upcoming":
        raise HearingClosed(
            _("Høringen er ikke åbnet endnu. Du kan svare fra %(day)s.")
            % {"day": _day(hearing.opens_on)}
        )
    if state == "closed":
        raise HearingClosed(
            _("Høringen lukkede %(day)s, så der kan ikke svares mere.")
            % {"day": _day(hearing.closes_on)}
        )
    logged_in = user is not None and user.is_authenticated
    if not logged_in and not email:
        raise ValueError("an anonymous answer needs an e-mail address")
    key = respondent_key(user.email if logged_in else email)
    questions = {q.pk: q for q in hearing.questions.all()}
    for attempt in range(2):  # a concurrent answer from the same person: the second try replaces it
        try:
            with transaction.atomic():
                # The same lock as hearing_save: questions are never replaced under a new answer.
                Hearing.objects.select_for_update().filter(pk=hearing.pk).first()
                first = not Response.objects.filter(hearing=hearing).exists()
                replaced_ids: list[int] = []
                if logged_in:
                    earlier = Response.objects.filter(hearing=hearing).filter(
                        Q(user=user) | Q(respondent_key=key, confirmed_at__isnull=False)
                    )
                    replaced_ids = list(earlier.values_list("pk", flat=True))
                    earlier.delete()
                replaced = bool(replaced_ids)
                response = Response.objects.create(
                    hearing=hearing,
                    user=user if logged_in else None,
                    respondent_key=key,
                    age_band=age_band,
                    created_at=now,
                    confirmed_at=now if logged_in else None,
                )
                Answer.objects.bulk_create(
                    _answer(response, questions[qid], value)
                    for qid, value in answers.items()
                    if qid in questions and value not in (None, "", [])
                )
                if follow:
                    Follower.objects.create(
                        hearing=hearing,
                        response=response,
                        email=user.email if logged_in else email,
                        language=translation.get_language() or "da",
                        created_at=now,
                    )
                log_action(
                    "hearing.answered",
                    obj=hearing,
                    actor=user if logged_in else None,
                    data={
                        "response": response.pk,
                        "counted": logged_in,
                        "replaced": replaced_ids,
                        "follows": follow,
                    },
                )
                if first:
                    log_action(
                        "hearing.questions_locked",
                        obj=hearing,
                        actor=user if logged_in else None,
                        data={"response": response.pk},
                    )
            break
        except IntegrityError:
            if attempt:
                raise
    if not logged_in:
        _send_confirmation(response, email)
    return response, replaced


def _answer(response: Response, question: Question, value) -> Answer:
    if question.kind == Question.Kind.TEXT:
        return Answer(response=response, question=question, text=str(value)[:4000])
    if question.kind == Question.Kind.SCALE:
        return Answer(response=response, question=question, number=int(value))
    values = value if isinstance(value, list | tuple) else [value]
    return Answer(response=response, question=question, choices=[str(v) for v in values])


def _day(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "DATE_FORMAT")


def _send_confirmation(response: Response, email: str) -> None:
    link = absolute_url(reverse("hearings:confirm", args=[confirm_token(response)]))
    context = {"hearing": response.hearing, "link": link, "days": confirm_max_age().days}
    # The person answered in the page's language: the mail is in it unless their account says otherwise.
    send_message("hearings.confirm", email, context, language=translation.get_language())


def _token_data(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_max_age())
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


def response_for_token(token: str) -> tuple[Response | None, str]:
    """What the link would do, without doing it (a GET, which mail link scanners also send):
    outcome "pending" (a button confirms it), "already", "invalid" or "gone"."""
    data = _token_data(token)
    if data is None:
        return None, "invalid"
    response = Response.objects.select_related("hearing").filter(pk=data.get("r")).first()
    if response is None:
        return None, "gone"
    return response, "already" if response.confirmed_at is not None else "pending"


def response_confirm(token: str, *, now=None) -> tuple[Response | None, str]:
    """Count an anonymous answer. Returns (response, outcome) with outcome one of "confirmed",
    "already" (the link was used before), "invalid" (broken or expired link) or "gone" (replaced)."""
    now = now or timezone.now()
    data = _token_data(token)
    if data is None:
        return None, "invalid"
    with transaction.atomic():
        response = (
            Response.objects.select_for_update()
            .select_related("hearing")
            .filter(pk=data.get("r"))
            .first()
        )
        if response is None:
            return None, "gone"
        if response.confirmed_at is not None:
            return response, "already"
        # The person's earlier counted answer (by this e-mail, also given while logged in) is replaced.
        earlier = Response.objects.filter(
            hearing_id=response.hearing_id,
            respondent_key=response.respondent_key,
            confirmed_at__isnull=False,
        )
        replaced_ids = list(earlier.values_list("pk", flat=True))
        earlier.delete()
        response.confirmed_at = now
        response.save(update_fields=["confirmed_at"])
        log_action(
            "hearing.answer_confirmed",
            obj=response.hearing,
            data={"response": response.pk, "replaced": replaced_ids},
        )
    return response, "confirmed"


def responses_purge_unconfirmed(*, now=None) -> int:
    """Delete answers whose confirmation link has expired: they never counted and never will."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = Response.objects.filter(
            confirmed_at__isnull=True, user__isnull=True, created_at__lt=now - confirm_max_age()
        )
        ids = list(expired.values_list("pk", flat=True))
        _total, per_model = Response.objects.filter(pk__in=ids).delete()
        if ids:
            log_action("hearing.unconfirmed_answers_purged", data={"responses": ids})
    return per_model.get(Response._meta.label, 0)
