"""factory_boy factories for the platform core; other apps build on these."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from bookings.models import Building, Room
from community import totp
from community.core_tasks import ensure_core_tasks
from community.models import Association, Citizen, CoreTask, Role, User
from localareas.models import LocalArea, LocalCouncil

TEST_PASSWORD = "Test-password-2026"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def core_task(slug: str) -> CoreTask:
    """One of fritid-faellesskab, laering, beskaeftigelse, social-omsorg (recreated if a transactional test flushed them)."""
    task = CoreTask.objects.filter(slug=slug).first()
    if task is None:
        ensure_core_tasks(CoreTask)
        task = CoreTask.objects.get(slug=slug)
    return task


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.dk")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


def square(lon: float, lat: float, size: float = 0.02) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
        ],
    }


class LocalAreaFactory(factory.django.DjangoModelFactory):
    """A square area near Hedensted; pass `lon`/`lat` of its south-west corner to place it."""

    class Meta:
        model = LocalArea
        exclude = ["lon", "lat", "size"]

    lon = factory.Sequence(lambda n: 9.5 + (n % 20) * 0.03)
    lat = factory.Sequence(lambda n: 55.7 + (n // 20) * 0.03)
    size = 0.02
    name = factory.Sequence(lambda n: f"Område {n}")
    slug = factory.Sequence(lambda n: f"omraade-{n}")
    geometry = factory.LazyAttribute(lambda o: square(o.lon, o.lat, o.size))
    min_lon = factory.LazyAttribute(lambda o: o.lon)
    min_lat = factory.LazyAttribute(lambda o: o.lat)
    max_lon = factory.LazyAttribute(lambda o: o.lon + o.size)
    max_lat = factory.LazyAttribute(lambda o: o.lat + o.size)
    centroid_lon = factory.LazyAttribute(lambda o: o.lon + o.size / 2)
    centroid_lat = factory.LazyAttribute(lambda o: o.lat + o.size / 2)
    population = 1000


class LocalCouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalCouncil
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Lokalråd {n}")
    slug = factory.Sequence(lambda n: f"lokalraad-{n}")

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Forening {n}")
    status = Association.Status.APPROVED


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    name = factory.Sequence(lambda n: f"Bygning {n}")
    street = "Skolegade 1"
    postcode = "8722"
    city = "Hedensted"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    building = factory.SubFactory(BuildingFactory)
    name = factory.Sequence(lambda n: f"Lokale {n}")
    capacity = 20
    step_free = True


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen
        skip_postgeneration_save = True

    first_name = "Borger"
    last_name = factory.Sequence(lambda n: f"Nummer{n}")
    notes = "Følsom note"

    @factory.post_generation
    def core_tasks(self, create, extracted, **kwargs):
        if create and extracted:
            self.core_tasks.set(extracted)


def with_role(user: User, kind: str, **scope) -> User:
    Role.objects.create(user=user, kind=kind, **scope)
    user.__dict__.pop("_samskab_roles", None)
    return user


def with_totp(user: User) -> User:
    totp.activate(user, TEST_TOTP_SECRET)
    return user


def coordinator(slug: str = "social-omsorg", **kwargs) -> User:
    """A volunteer coordinator of one core task, with two-factor login set up."""
    return with_totp(
        with_role(UserFactory(**kwargs), Role.Kind.COORDINATOR, core_task=core_task(slug))
    )


def area_contact(*areas: LocalArea, **kwargs) -> User:
    user = UserFactory(**kwargs)
    for area in areas:
        with_role(user, Role.Kind.AREA_CONTACT, local_area=area)
    return with_totp(user)


def administrator(**kwargs) -> User:
    user = UserFactory(is_staff=True, **kwargs)
    return with_totp(with_role(user, Role.Kind.ADMIN))


def council_member(council: LocalCouncil, **kwargs) -> User:
    return with_role(UserFactory(**kwargs), Role.Kind.COUNCIL_MEMBER, council=council)


def association_rep(association: Association, **kwargs) -> User:
    return with_role(UserFactory(**kwargs), Role.Kind.ASSOCIATION_REP, association=association)


def current_totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    return totp.code(secret)


def school_holiday(name: str, starts_on, ends_on, name_en: str = ""):
    """A school holiday of the municipality (its row is made first if the test has none)."""
    from community.municipality import Municipality, SchoolHoliday

    municipality = Municipality.objects.filter(pk=1).first()
    if municipality is None:
        municipality = Municipality(name="Testby", code="0999")
        municipality.save()
    return SchoolHoliday.objects.create(
        municipality=municipality, name=name, name_en=name_en, starts_on=starts_on, ends_on=ends_on
    )
