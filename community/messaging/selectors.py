from django.db.models import Q

from community.messaging.models import Outbox


def messages_to(*, user=None, email: str = "", limit: int = 50):
    """The newest messages to a person: to their account, or to their address (a citizen without login)."""
    match = Q(pk__in=[])
    if user is not None:
        match |= Q(user=user)
    if email:
        match |= Q(email__iexact=email)
    return list(Outbox.objects.filter(match)[:limit])
