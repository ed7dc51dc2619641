"""Publishing a hearing's results and decision, and the mails to those who follow it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit import log_action
from community.messaging import send_message
from community.site import absolute_url
from hearings.models import Follower, Hearing

UNFOLLOW_SALT = "hearings.unfollow"


class NotReady(Exception):
    """The step cannot be taken yet (or was taken); the message says why, for the editor."""


def unfollow_token(follower: Follower) -> str:
    return signing.dumps({"f": follower.pk}, salt=UNFOLLOW_SALT)


def followers(hearing: Hearing):
    """Those who follow: their answer counts (an unconfirmed one may be anyone's address)."""
    return Follower.objects.filter(hearing=hearing, response__confirmed_at__isnull=False).order_by(
        "pk"
    )


def hearing_publish_results(*, hearing: Hearing, user, now=None) -> int:
    """Publish the results of a closed hearing and mail its followers. Returns the mails sent."""
    now = now or timezone.now()
    with transaction.atomic():
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if hearing.results_published_at:
            raise NotReady(_("Resultatet er allerede offentliggjort."))
        if hearing.state(timezone.localdate(now)) != "closed":
            raise NotReady(_("Resultatet kan offentliggøres, når høringen er lukket."))
        hearing.results_published_at = now
        hearing.save(update_fields=["results_published_at"])
        mails = _mails_to_followers(hearing, "results")
        log_action("hearing.results_published", obj=hearing, actor=user, data={"mails": len(mails)})
    _send(mails)
    return len(mails)


def hearing_publish_decision(*, hearing: Hearing, user, now=None) -> int:
    """Publish the decision and mail the followers; then their addresses go, as nothing more follows."""
    now = now or timezone.now()
    with transaction.atomic():
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if hearing.decision_published_at:
            raise NotReady(_("Beslutningen er allerede offentliggjort."))
        if not hearing.decision.strip():
            raise NotReady(_("Skriv beslutningen under Rediger høringen, før du offentliggør den."))
        hearing.decision_published_at = now
        hearing.save(update_fields=["decision_published_at"])
        mails = _mails_to_followers(hearing, "decision")
        deleted, _per_model = Follower.objects.filter(hearing=hearing).delete()
        log_action(
            "hearing.decision_published",
            obj=hearing,
            actor=user,
            data={"mails": len(mails), "followers_deleted": deleted},
        )
    _send(mails)
    return len(mails)


def _send(mails: list[tuple[str, str, str, dict]]) -> None:
    # Sent once the step is saved: no mail about a step that was rolled back.
    for kind, address, language, context in mails:
        send_message(kind, address, context, language=language)


def _mails_to_followers(hearing: Hearing, what: str) -> list[tuple[str, str, str, dict]]:
    """(kind, address, language, context) for each follower, in the language they answered in."""
    seen: set[str] = set()
    mails = []
    for follower in followers(hearing):
        address = follower.email.strip().lower()
        if address in seen:
            continue
        seen.add(address)
        context = {
            "hearing": hearing,
            "hearing_link": absolute_url(reverse("hearings:detail", args=[hearing.pk])),
            "results_link": absolute_url(reverse("hearings:results", args=[hearing.pk])),
            "unfollow_link": absolute_url(
                reverse("hearings:unfollow", args=[unfollow_token(follower)])
            ),
        }
        mails.append((f"hearings.{what}", follower.email, follower.language or "da", context))
    return mails


def follower_for_token(token: str) -> tuple[Follower | None, str]:
    """What the unfollow link would do (a GET, which link scanners send): "following", "gone", "invalid"."""
    try:
        data = signing.loads(token, salt=UNFOLLOW_SALT)
    except signing.BadSignature:
        return None, "invalid"
    if not isinstance(data, dict):
        return None, "invalid"
    follower = Follower.objects.select_related("hearing").filter(pk=data.get("f")).first()
    return follower, "following" if follower else "gone"


def follower_stop(token: str) -> tuple[Hearing | None, str]:
    """Stop following: the address is deleted. Returns (hearing, "stopped" | "gone" | "invalid")."""
    follower, outcome = follower_for_token(token)
    if follower is None:
        return None, outcome
    hearing = follower.hearing
    with transaction.atomic():
        follower.delete()
        log_action("hearing.unfollowed", obj=hearing, data={})
    return hearing, "stopped"


def followers_purge_expired(*, now=None) -> int:
    """Delete the addresses of those following a hearing that closed more than the retention period
    ago without a decision being sent (sending it deletes them at once)."""
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - timedelta(days=settings.RETENTION["hearing_followers"])
    with transaction.atomic():
        expired = Follower.objects.filter(hearing__closes_on__lt=cutoff)
        ids = list(expired.values_list("pk", flat=True))
        deleted, _per_model = Follower.objects.filter(pk__in=ids).delete()
        if ids:
            log_action("hearing.followers_purged", data={"followers": ids})
    return deleted
