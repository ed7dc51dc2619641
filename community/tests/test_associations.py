"""Who acts for an association: its representatives and administrators, the same rule everywhere."""

import pytest
from django.urls import reverse

from community import services
from community.access import bookings as booking_access
from community.access.associations import may_act_for
from community.models import AuditEntry
from community.tests.factories import (
    AssociationFactory,
    RoomFactory,
    UserFactory,
    administrator,
    association_rep,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def club():
    return AssociationFactory(name="Juelsminde Roklub")


def test_a_representative_and_an_administrator_act_for_the_association_and_others_do_not(club):
    rita = association_rep(club)
    other_rep = association_rep(AssociationFactory(name="Hornsyld Skytter"))
    ada = administrator()
    carl = UserFactory()
    assert may_act_for(rita, club) and may_act_for(ada, club)
    assert not may_act_for(other_rep, club) and not may_act_for(carl, club)


def test_the_services_and_the_booking_rules_refuse_the_same_people(club):
    other_rep = association_rep(AssociationFactory(name="Hornsyld Skytter"))
    room = RoomFactory()
    with pytest.raises(services.ActionRefused, match="repræsentant"):
        services.association_declare_child_certificates(association=club, declared_by=other_rep)
    with pytest.raises(services.ActionRefused, match="repræsentant"):
        services.association_rotate_feed_token(association=club, rotated_by=other_rep)
    with pytest.raises(services.ActionRefused, match="repræsentant"):
        services.association_add_representative(
            association=club, email=other_rep.email, added_by=other_rep
        )
    assert "repræsentant" in booking_access.booking_refusal(other_rep, room, club)
    club.refresh_from_db()
    assert club.child_certificate_declared_on is None
    assert not AuditEntry.objects.filter(action__startswith="association.").exists()


def test_an_administrator_may_add_a_representative_and_it_is_audited(club):
    newcomer = UserFactory(email="ny@example.dk")
    ada = administrator()
    services.association_add_representative(association=club, email="NY@example.dk", added_by=ada)
    assert may_act_for(newcomer, club)
    entry = AuditEntry.objects.get(action="association.representative_added")
    assert entry.actor == ada and entry.data == {"user_id": newcomer.pk}


def test_a_stranger_posting_to_an_associations_pages_is_refused_and_nothing_changes(client, club):
    client.force_login(association_rep(AssociationFactory(name="Hornsyld Skytter")))
    old_token = club.feed_token
    response = client.post(reverse("community:association-rotate-feed", args=[club.pk]))
    assert response.status_code == 403
    club.refresh_from_db()
    assert club.feed_token == old_token
