"""Seeded, idempotent Hedensted demo data for the platform core.

Each app may add its own `demo.py` with `load(rng, stdout)`; `manage.py load_demo` runs them in order.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from shapely.geometry import Point, shape
from shapely.prepared import prep

from bookings.models import Building, Room
from community import totp as totp_devices
from community.demo_names import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, STREETS
from community.models import Association, Citizen, CoreTask, Role, User
from community.text import danish_slug
from localareas.lookup import postcode_names
from localareas.models import LocalArea, LocalCouncil
from localareas.services import local_areas_import

DEMO_PASSWORD = "Samskab-demo-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DEMO_DOMAIN = "demo.samskab.dk"
PARISHES = Path(settings.BASE_DIR) / "localareas/data/sogne_hedensted.geojson"
MUNICIPALITY_FILE = Path(settings.BASE_DIR) / "localareas/data/hedensted_kommune.geojson"
POSTCODE_FILE = Path(settings.BASE_DIR) / "localareas/data/postnumre_hedensted.geojson"
K = Role.Kind

# Estimated inhabitants per parish (Hedensted Kommune has about 47,000): for figures per 1,000 inhabitants.
POPULATION = {
    "Hedensted": 6900,
    "Juelsminde": 4100,
    "Tørring": 3300,
    "Løsning": 3700,
    "Uldum": 2600,
    "Stouby": 1900,
    "Hornsyld": 1600,
    "Daugård": 1700,
    "Rårup": 1500,
    "Barrit": 1400,
    "Hatting": 1900,
    "Øster Snede": 1600,
    "Klakring": 1000,
    "Glud": 900,
    "Hjarnø": 100,
    "Ørum": 800,
    "Urlev": 900,
    "Nebsager": 700,
    "Korning": 900,
    "Stenderup": 1100,
    "Åle": 900,
    "Hvirring": 500,
    "Sindbjerg": 600,
    "Vrigsted": 700,
    "Ølsted": 600,
    "As": 700,
    "Hornborg": 500,
    "Bjerre": 600,
    "Hammer": 500,
    "Linnerup": 400,
    "Langskov": 400,
    "Skjold": 500,
    "Store Dalby": 400,
    "Hornum": 500,
}
# Small neighbouring parishes that share one local council (33 parishes, 30 councils).
SHARED_COUNCILS = {"Hornum": "Hornborg", "Store Dalby": "Stouby", "Linnerup": "Løsning"}
PLAYMAKER_NAMES = [
    ("Sara", "Holm"),
    ("Mikkel", "Dam"),
    ("Line", "Bech"),
    ("Jonas", "Skov"),
    ("Nanna", "Lund"),
    ("Kasper", "Kjær"),
    ("Rikke", "Bak"),
    ("Anders", "Vestergaard"),
    ("Maja", "Østergaard"),
    ("Emil", "Hedegaard"),
]
COORDINATORS = {
    "fritid-faellesskab": ("Birthe", "Fritid"),
    "laering": ("Lars", "Læring"),
    "beskaeftigelse": ("Bodil", "Beskæftigelse"),
    "social-omsorg": ("Søren", "Omsorg"),
}
BUILDINGS = [
    (
        "Hedensted Rådhus",
        "Hedensted",
        "Tofteskovvej 1",
        "8722",
        ["Mødelokale 1", "Mødelokale 2", "Byrådssalen"],
    ),
    (
        "Hedensted Hallen",
        "Hedensted",
        "Ølholm Bygade 5",
        "8722",
        ["Hele hallen", "Hal A", "Hal B", "Cafeen"],
    ),
    (
        "Juelsminde Kulturhus",
        "Juelsminde",
        "Søndergade 4",
        "7130",
        ["Salen", "Værkstedet", "Mødelokalet"],
    ),
    (
        "Tørring Kulturcenter",
        "Tørring",
        "Vejlevej 10",
        "7160",
        ["Foredragssal", "Køkkenet", "Klublokale"],
    ),
    (
        "Løsning Skole",
        "Løsning",
        "Skolegade 3",
        "8723",
        ["Musiklokalet", "Skolekøkkenet", "Gymnastiksalen"],
    ),
    ("Uldum Forsamlingssted", "Uldum", "Kirkevej 8", "7171", ["Store sal", "Lille sal"]),
    ("Stouby Medborgerhus", "Stouby", "Hovedgaden 21", "7140", ["Mødesal", "Aktivitetsrum"]),
    ("Hornsyld Idrætscenter", "Rårup", "Idrætsvej 2", "8783", ["Multisal", "Mødelokale"]),
    ("Daugård Skole", "Daugård", "Skolevej 6", "8721", ["Aulaen", "Klasselokale 3"]),
    ("Barrit Borgerhus", "Barrit", "Barritvej 12", "7150", ["Salen", "Køkken"]),
    (
        "Øster Snede Kulturhus",
        "Øster Snede",
        "Stationsvej 4",
        "8765",
        ["Salen", "Kreativt værksted"],
    ),
    ("Hatting Fritidscenter", "Hatting", "Hovedgaden 40", "8700", ["Klubrum", "Mødelokale"]),
]
ASSOCIATIONS = [
    ("Hedensted Seniorklub", "Hedensted", ["fritid-faellesskab", "social-omsorg"], False),
    ("Juelsminde Sejlklub", "Juelsminde", ["fritid-faellesskab"], True),
    ("Tørring Gymnastikforening", "Tørring", ["fritid-faellesskab", "laering"], True),
    ("Løsning Fællesspisning", "Løsning", ["fritid-faellesskab", "social-omsorg"], False),
    ("Uldum Højskoleforening", "Uldum", ["laering"], False),
    ("Stouby Borgerforening", "Stouby", ["fritid-faellesskab"], False),
    ("Hornsyld Lektiecafé", "Rårup", ["laering"], True),
    ("Daugård Spejderne", "Daugård", ["fritid-faellesskab", "laering"], True),
    ("Barrit Naturlaug", "Barrit", ["fritid-faellesskab"], False),
    ("Røde Kors Hedensted", "Hedensted", ["social-omsorg"], False),
    ("Ældre Sagen Juelsminde", "Juelsminde", ["social-omsorg", "fritid-faellesskab"], False),
    ("Hatting Idrætsforening", "Hatting", ["fritid-faellesskab"], True),
    ("Øster Snede Mandeklub", "Øster Snede", ["social-omsorg"], False),
    ("Job-netværket Hedensted", "Hedensted", ["beskaeftigelse"], False),
    ("Klakring Kor", "Klakring", ["fritid-faellesskab"], False),
    ("Glud Museumsforening", "Glud", ["laering", "fritid-faellesskab"], False),
    ("Ørum Madklub", "Ørum", ["social-omsorg"], False),
    ("Korning Ungdomsklub", "Korning", ["laering", "fritid-faellesskab"], True),
]


class Sampler:
    """Random points inside each local area, placed on a plausible Danish address."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.areas = {a.name: a for a in LocalArea.objects.all()}
        self._shapes = {
            name: (shape(a.geometry), prep(shape(a.geometry))) for name, a in self.areas.items()
        }
        self._postcodes = _postcode_shapes()

    def point_in(self, area_name: str) -> tuple[float, float]:
        geom, prepared = self._shapes[area_name]
        minx, miny, maxx, maxy = geom.bounds
        for _ in range(200):
            x, y = self.rng.uniform(minx, maxx), self.rng.uniform(miny, maxy)
            if prepared.contains(Point(x, y)):
                return round(x, 6), round(y, 6)
        point = geom.representative_point()
        return round(point.x, 6), round(point.y, 6)

    def address_in(self, area_name: str) -> dict:
        lon, lat = self.point_in(area_name)
        postcode = next(
            (code for code, g in self._postcodes if g.contains(Point(lon, lat))), "8722"
        )
        return {
            "street": f"{self.rng.choice(STREETS)} {self.rng.randint(1, 120)}",
            "postcode": postcode,
            "city": postcode_names().get(postcode, "Hedensted"),
            "lon": lon,
            "lat": lat,
            "local_area": self.areas[area_name],
        }

    def person(self) -> tuple[str, str, str]:
        gender = self.rng.choice(["female", "male"])
        first = self.rng.choice(FIRST_NAMES_F if gender == "female" else FIRST_NAMES_M)
        return first, self.rng.choice(LAST_NAMES), gender

    def weighted_area(self) -> str:
        names = list(self.areas)
        return self.rng.choices(names, weights=[POPULATION.get(n, 500) for n in names])[0]


def _postcode_shapes():
    import json

    data = json.loads(POSTCODE_FILE.read_text(encoding="utf-8"))
    return [(f["properties"]["POSTNR_TXT"], prep(shape(f["geometry"]))) for f in data["features"]]


_password_hash: str | None = None


def demo_user(
    email: str, first: str, last: str, *kinds_scopes: tuple[str, dict], totp: bool = False
) -> User:
    """Create or update a verified demo user with the shared demo password and these roles."""
    global _password_hash
    if _password_hash is None:
        _password_hash = make_password(DEMO_PASSWORD)
    user, _ = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    if not user.password or not user.has_usable_password():
        user.password = _password_hash
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    for kind, scope in kinds_scopes:
        Role.objects.get_or_create(user=user, kind=kind, **scope)
    if totp:
        totp_devices.activate(user, DEMO_TOTP_SECRET)
    return user


def _sampled_user(sampler, prefix: str, name: str, role: tuple[str, dict]) -> User:
    """A demo user with a sampled Danish name and one role, mailed as <prefix>.<name>@ the demo domain."""
    first, last, _ = sampler.person()
    return demo_user(f"{prefix}.{danish_slug(name)}@{DEMO_DOMAIN}", first, last, role)


def _municipality() -> None:
    """The demo runs as Hedensted Kommune: its outline, map and contact details (kept if edited)."""
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    from community.municipality import Municipality
    from localareas.lookup import areas_changed
    from localareas.models import Postcode

    if not Postcode.objects.exists():
        best = {}
        for f in json.loads(POSTCODE_FILE.read_text(encoding="utf-8"))["features"]:
            code, geom = f["properties"]["POSTNR_TXT"], shape(f["geometry"])
            if code not in best or geom.area > best[code][1].area:
                best[code] = (f["properties"]["POSTBYNAVN"], geom)
        for code, (name, geom) in best.items():
            point = geom.representative_point()
            Postcode.objects.create(
                code=code,
                name=name,
                geometry=json.loads(json.dumps(mapping(geom))),
                lon=round(point.x, 6),
                lat=round(point.y, 6),
            )
        areas_changed()
    if Municipality.objects.exists():
        return
    data = json.loads(MUNICIPALITY_FILE.read_text(encoding="utf-8"))
    outline = unary_union([shape(f["geometry"]) for f in data["features"]])
    Municipality(
        code="0766",
        name="Hedensted",
        website="https://www.hedensted.dk",
        email="hedensted@hedensted.dk",
        phone="79 75 50 00",
        address="Niels Espes Vej 8, 8722 Hedensted",
        boundary=json.loads(json.dumps(mapping(outline))),
        **Municipality.extent(outline.bounds),
    ).save()


def demo_school_holidays(year: int) -> list[tuple[str, str, date, date]]:
    """The school year starting in August of `year`, the way Danish municipalities usually plan it:
    autumn break in week 42, Christmas to New Year, winter break in week 7, Easter from the Saturday
    before Palm Sunday to 2. påskedag, summer from the last Saturday of June."""
    from community.holidays import easter_sunday

    def week(y: int, n: int) -> tuple[date, date]:
        monday = date.fromisocalendar(y, n, 1)
        return monday - timedelta(days=2), monday + timedelta(days=6)

    easter = easter_sunday(year + 1)
    june_end = date(year + 1, 6, 30)
    summer = june_end - timedelta(days=(june_end.weekday() - 5) % 7)
    return [
        ("Efterårsferie", "Autumn break", *week(year, 42)),
        ("Juleferie", "Christmas holidays", date(year, 12, 19), date(year + 1, 1, 3)),
        ("Vinterferie", "Winter break", *week(year + 1, 7)),
        ("Påskeferie", "Easter holidays", easter - timedelta(days=8), easter + timedelta(days=1)),
        ("Sommerferie", "Summer holidays", summer, date(year + 1, 8, 9)),
    ]


def _school_holidays() -> None:
    """This school year's and the next one's school holidays (once: the admin may edit them)."""
    from django.utils import timezone

    from community.municipality import Municipality, SchoolHoliday

    municipality = Municipality.objects.filter(pk=1).first()
    if municipality is None or SchoolHoliday.objects.exists():
        return
    today = timezone.localdate()
    first_year = today.year if today.month >= 8 else today.year - 1
    SchoolHoliday.objects.bulk_create(
        SchoolHoliday(municipality=municipality, name=name, name_en=name_en, starts_on=a, ends_on=b)
        for year in (first_year, first_year + 1)
        for name, name_en, a, b in demo_school_holidays(year)
    )


def load(rng: random.Random, stdout) -> dict:
    """Areas, councils, staff, associations, buildings, rooms and citizens. Returns the printed logins."""
    if not LocalArea.objects.exists():
        local_areas_import(path=PARISHES, source="DAGI sogne (Geodatastyrelsen, 2014)")
    _municipality()
    _school_holidays()
    for area in LocalArea.objects.filter(population__isnull=True):
        area.population = POPULATION.get(area.name, 500)
        area.save(update_fields=["population"])
    areas = {a.name: a for a in LocalArea.objects.all()}
    tasks = {t.slug: t for t in CoreTask.objects.all()}
    sampler = Sampler(rng)

    councils = {}
    for name, area in areas.items():
        if name in SHARED_COUNCILS:
            continue
        council, _ = LocalCouncil.objects.get_or_create(
            slug=danish_slug(name),
            defaults={
                "name": f"{name} Lokalråd",
                "description": f"Lokalrådet samler borgere, foreninger og erhverv i {name} og omegn.",
                "email": f"lokalraad.{danish_slug(name)}@{DEMO_DOMAIN}",
            },
        )
        council.areas.add(area)
        councils[name] = council
    for small, host in SHARED_COUNCILS.items():
        if small in areas and host in councils:
            councils[host].areas.add(areas[small])
            councils[host].name = f"{host} og {small} Lokalråd"
            councils[host].save(update_fields=["name"])

    logins: dict[str, str] = {}
    admin = demo_user(f"admin@{DEMO_DOMAIN}", "Ada", "Administrator", (K.ADMIN, {}), totp=True)
    if not admin.is_staff:
        admin.is_staff = True
        admin.save(update_fields=["is_staff"])
    logins["Administrator"] = admin.email
    for slug, (first, last) in COORDINATORS.items():
        user = demo_user(
            f"koordinator.{slug}@{DEMO_DOMAIN}",
            first,
            last,
            (K.COORDINATOR, {"core_task": tasks[slug]}),
            totp=True,
        )
        if slug == "social-omsorg":
            logins["Frivilligkoordinator (Social Omsorg)"] = user.email
    area_names = sorted(areas)
    for i, (first, last) in enumerate(PLAYMAKER_NAMES):
        mine = area_names[i :: len(PLAYMAKER_NAMES)]
        user = demo_user(
            f"playmaker{i + 1}@{DEMO_DOMAIN}",
            first,
            last,
            *[(K.AREA_CONTACT, {"local_area": areas[n]}) for n in mine],
            totp=True,
        )
        if i == 0:
            logins[f"Lokalområdekontakt ({', '.join(mine)})"] = user.email
    for name, council in councils.items():
        user = _sampled_user(sampler, "lokalraad", name, (K.COUNCIL_MEMBER, {"council": council}))
        if name == "Juelsminde":
            logins[f"Lokalrådsmedlem ({council.name})"] = user.email

    for name, town, core, children in ASSOCIATIONS:
        assoc = Association.objects.filter(name=name).first()
        if assoc is None:
            address = sampler.address_in(town)
            assoc = Association(
                name=name,
                cvr=str(30000000 + len(name) * 7919 + sum(map(ord, name)))[:8],
                purpose=f"{name} samler mennesker om fællesskab og aktiviteter i {town}.",
                status=Association.Status.APPROVED,
                works_with_children=children,
                child_certificate_declared_on=date.today() - timedelta(days=rng.randint(10, 300))
                if children
                else None,
                email=f"kontakt@{danish_slug(name)}.dk",
                **address,
            )
            assoc.save()
            assoc.core_tasks.set([tasks[s] for s in core])
        user = _sampled_user(sampler, "forening", name, (K.ASSOCIATION_REP, {"association": assoc}))
        if name == "Løsning Fællesspisning":
            logins[f"Foreningsrepræsentant ({name})"] = user.email

    for name, town, street, postcode, rooms in BUILDINGS:
        building = Building.objects.filter(name=name).first()
        if building is None:
            address = sampler.address_in(town)
            address.update(
                street=street, postcode=postcode, city=postcode_names().get(postcode, town)
            )
            building = Building(
                name=name,
                description=f"Kommunal bygning i {town}.",
                accessibility="Niveaufri adgang og handicaptoilet.",
                accessibility_en="Step-free access and an accessible toilet.",
                **address,
            )
            building.save()
        for room_name in rooms:
            Room.objects.get_or_create(
                building=building,
                name=room_name,
                defaults={
                    "capacity": rng.choice([8, 12, 20, 30, 60, 120]),
                    "step_free": rng.random() < 0.8,
                    "equipment": rng.sample(
                        [
                            "projektor",
                            "whiteboard",
                            "køkken",
                            "højttalere",
                            "borde og stole",
                            "wifi",
                        ],
                        3,
                    ),
                },
            )

    citizen_user = demo_user(f"borger@{DEMO_DOMAIN}", "Inger", "Madsen", (K.CITIZEN, {}))
    logins["Borger"] = citizen_user.email
    _load_citizens(rng, sampler, tasks, citizen_user)
    from bookings import demo as booking_demo

    booking_demo.load(rng, stdout)
    return logins


def _load_citizens(
    rng, sampler: Sampler, tasks: dict, citizen_user: User, count: int = 600
) -> None:
    existing = Citizen.objects.count()
    if existing >= count:
        return
    notes = [
        "Har mistet sin ægtefælle og savner nogen at tale med.",
        "Ønsker hjælp til at komme ud at gå ture.",
        "Ung, søger mentor til at finde uddannelse.",
        "Ledig, vil gerne have en mentor til jobsøgning.",
        "Spiser ofte alene, kunne tænke sig fællesspisning.",
        "Nytilflyttet, kender ingen i byen.",
    ]
    today = date.today()
    batch = []
    for i in range(existing, count):
        first, last, _ = sampler.person()
        if i == 0:  # the demo citizen login's own record carries her name
            first, last = citizen_user.first_name, citizen_user.last_name
        address = sampler.address_in(sampler.weighted_area())
        age = rng.choice(
            [rng.randint(8, 14), rng.randint(16, 30), rng.randint(31, 66), rng.randint(67, 95)]
        )
        batch.append(
            Citizen(
                first_name=first,
                last_name=last,
                birth_date=today - timedelta(days=age * 365 + rng.randint(0, 364)),
                phone=f"2{rng.randint(0, 9999999):07d}",
                notes=rng.choice(notes),
                retain_until=today + timedelta(days=settings.RETENTION["citizen"]),
                user=citizen_user if i == 0 else None,
                **address,
            )
        )
    Citizen.objects.bulk_create(batch)
    through = Citizen.core_tasks.through
    task_list = list(tasks.values())
    links = []
    for citizen in Citizen.objects.filter(core_tasks__isnull=True):
        for task in rng.sample(task_list, rng.choice([1, 1, 1, 2])):
            links.append(through(citizen_id=citizen.pk, coretask_id=task.pk))
    through.objects.bulk_create(links)
