from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from community.tests.factories import UserFactory, core_task
from volunteers.models import Opportunity, Volunteer


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    status = Volunteer.Status.APPROVED
    activities = ["visiting_friend"]
    languages = ["da"]
    postcode = "8722"

    @factory.post_generation
    def core_tasks(self, create, extracted, **kwargs):
        if create:
            self.core_tasks.set(extracted or [core_task("social-omsorg")])


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    title = factory.Sequence(lambda n: f"Opgave {n}")
    description = "Hjælp til sommerfest"
    core_task = factory.LazyFunction(lambda: core_task("social-omsorg"))
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7, hours=3))
    places = 2
    postcode = "8722"
