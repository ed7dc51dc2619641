from django.db.models import Q

from community.messaging.models import Outbox


def outbox_forget_citizen(citizen) -> int:
    """Erasure: the mails about the citizen's needs and matches go from the outbox, and every mail
    to her address when she has no account (an account's other mails are the account's)."""
    about_her = Q(kind__startswith="matching.") & (
        Q(user=citizen.user) if citizen.user_id else Q(pk__in=[])
    )
    if citizen.email:
        about_her |= Q(email__iexact=citizen.email) & (
            Q(kind__startswith="matching.") | Q(user__isnull=True)
        )
    deleted, _ = Outbox.objects.filter(about_her).delete()
    return deleted
