"""Demo hearings: a dozen hearings and surveys over the last two years with a few thousand counted
answers, so the results, the participation figures and the involvement index have something to show."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from community.models import Role
from hearings.models import AgeBand, Answer, Hearing, Question, Response
from hearings.services import respondent_key
from localareas.models import LocalArea

HEARINGS = [
    (
        "Juelsminde",
        "Hvad skal havnepladsen bruges til?",
        "Lokalrådet vil gerne vide, hvad I ønsker jer af pladsen ved havnen, før vi søger penge.",
        [
            (
                "single",
                "Hvad ønsker du dig mest på havnepladsen?",
                ["Legeplads", "Scene til koncerter", "Bænke og grønt", "Parkering"],
            ),
            ("scale", "Hvor ofte kommer du på havnen i dag? (1 = aldrig, 5 = hver uge)", []),
            ("text", "Har du andre idéer til pladsen?", []),
        ],
    ),
    (
        "Hedensted",
        "Stier og cykelruter i Hedensted by",
        "Vi samler ønsker til nye stier, før kommunen lægger planen for de næste år.",
        [
            (
                "multiple",
                "Hvilke steder mangler der en sti?",
                ["Til skolen", "Til stationen", "Til skoven", "Til idrætsanlægget"],
            ),
            ("scale", "Hvor tryg er du ved at cykle i byen i dag?", []),
            ("text", "Hvor er det farligst at cykle?", []),
        ],
    ),
    (
        "Tørring",
        "Fællesspisning i forsamlingshuset",
        "Skal vi starte fællesspisning en gang om måneden? Fortæl os, om du vil være med.",
        [
            (
                "single",
                "Vil du komme til fællesspisning?",
                ["Ja, hver gang", "Ja, en gang imellem", "Nej"],
            ),
            ("single", "Hvilken dag passer bedst?", ["Tirsdag", "Torsdag", "Fredag", "Søndag"]),
            ("text", "Vil du hjælpe med maden eller opvasken?", []),
        ],
    ),
    (
        "Løsning",
        "Unges ønsker til Løsning",
        "Et spørgeskema til unge mellem 13 og 25: hvad mangler I i byen?",
        [
            (
                "multiple",
                "Hvad mangler du mest?",
                [
                    "Et sted at mødes om aftenen",
                    "Sport og fitness",
                    "Musik og kultur",
                    "Job og praktik",
                ],
            ),
            ("scale", "Hvor godt kan du lide at bo i Løsning?", []),
        ],
    ),
    (
        "Uldum",
        "Den gamle skole i Uldum",
        "Skolebygningen står tom. Hvad skal den bruges til?",
        [
            (
                "single",
                "Hvad skal bygningen bruges til?",
                ["Forsamlingshus", "Boliger", "Værksteder og kontorer", "Rives ned"],
            ),
            ("text", "Begrund gerne dit svar", []),
        ],
    ),
    (
        "Daugård",
        "Trafik på Vejlevej",
        "Mange oplever, at bilerne kører for stærkt gennem byen. Hvad skal der gøres?",
        [
            (
                "single",
                "Hvad vil virke bedst?",
                ["Bump", "Lavere hastighed", "Fodgængerfelt", "Fotovogn"],
            ),
            ("scale", "Hvor stort er problemet for dig?", []),
        ],
    ),
    (
        "Hornborg",
        "Naturlegeplads ved skoven",
        "Lokalrådet vil bygge en naturlegeplads. Hjælp os med at vælge.",
        [
            (
                "multiple",
                "Hvad skal legepladsen have?",
                ["Klatretræer", "Bålplads", "Shelter", "Bålhytte til skoleklasser"],
            ),
            ("text", "Vil du give en hånd med, når den skal bygges?", []),
        ],
    ),
    (
        "Barrit",
        "Bredbånd og mobildækning",
        "Vi kortlægger, hvor dækningen er dårlig, så vi kan presse på for bedre forbindelser.",
        [
            (
                "single",
                "Hvordan er din mobildækning hjemme?",
                ["God", "Til at leve med", "Dårlig", "Ingen"],
            ),
            ("scale", "Hvor vigtigt er bedre internet for dig?", []),
        ],
    ),
    (
        "Stouby",
        "Stouby Lokalråds arbejde",
        "Hvad skal lokalrådet bruge sin tid på det næste år?",
        [
            (
                "multiple",
                "Vælg de vigtigste emner",
                ["Trafik", "Natur og stier", "Fællesskab og fester", "Boliger til unge"],
            ),
            ("text", "Hvad mangler vi at tænke på?", []),
        ],
    ),
    (
        "Øster Snede",
        "Julemarked i Øster Snede",
        "Skal vi holde julemarked igen til december?",
        [
            ("single", "Skal vi holde julemarked?", ["Ja", "Nej", "Ved ikke"]),
            ("single", "Vil du have en bod?", ["Ja", "Måske", "Nej"]),
        ],
    ),
    (
        "Glud",
        "Glud Museum og turisterne",
        "Vi vil gerne høre, om flere turister er godt eller skidt for byen.",
        [
            ("scale", "Flere turister i Glud er godt for byen", []),
            ("text", "Fortæl gerne hvorfor", []),
        ],
    ),
    (
        "Hedensted",
        "Sig din mening om det nye bibliotek",
        "Biblioteket flytter. Hvad er vigtigst for dig i det nye?",
        [
            (
                "multiple",
                "Hvad er vigtigst?",
                ["Lange åbningstider", "Plads til lektier", "Café", "Arrangementer for børn"],
            ),
            ("scale", "Hvor ofte bruger du biblioteket?", []),
        ],
    ),
]
BANDS = [b.value for b in AgeBand] + [""]
TEXTS = [
    "Det er en god idé.",
    "Husk de ældre, der ikke kan gå så langt.",
    "Jeg vil gerne hjælpe, hvis I mangler en hånd.",
    "Tænk på børnefamilierne.",
    "Gerne noget for de unge om aftenen.",
]


def load(rng: random.Random, stdout) -> dict:
    if Hearing.objects.exists():
        return {}
    rng = random.Random(rng.random())  # its own stream: the other apps' demo data stays the same
    now = timezone.now()
    today = timezone.localdate()
    areas = {a.name: a for a in LocalArea.objects.defer("geometry")}
    playmaker = {
        r.local_area_id: r.user
        for r in Role.objects.filter(kind=Role.Kind.AREA_CONTACT).select_related("user")
    }
    made, answers_total = 0, 0
    for i, (area_name, title, intro, questions) in enumerate(HEARINGS):
        area = areas.get(area_name)
        if area is None:
            continue
        # Spread over two years; the last three are open now, the last one opens next week.
        if i >= len(HEARINGS) - 1:
            opens = today + timedelta(days=7)
        elif i >= len(HEARINGS) - 3:
            opens = today - timedelta(days=10 + 5 * i % 7)
        else:
            opens = today - timedelta(days=60 + (len(HEARINGS) - i) * 55 + rng.randint(0, 20))
        closes = opens + timedelta(days=28)
        hearing = Hearing.objects.create(
            kind=Hearing.Kind.SURVEY if "spørgeskema" in intro.lower() else Hearing.Kind.HEARING,
            title=title,
            intro=intro,
            local_area=area,
            council=area.councils.first(),
            opens_on=opens,
            closes_on=closes,
            created_by=playmaker.get(area.pk),
            created_at=timezone.make_aware(datetime.combine(opens, time(9))),
        )
        qs = Question.objects.bulk_create(
            Question(hearing=hearing, order=n, kind=kind, text=text, options=options)
            for n, (kind, text, options) in enumerate(questions)
        )
        made += 1
        if opens > today:
            continue
        population = area.population or 500
        count = int(population * rng.uniform(0.05, 0.14))
        last_day = min(closes, today)
        responses = []
        for n in range(count):
            day = opens + timedelta(days=rng.randint(0, (last_day - opens).days))
            at = timezone.make_aware(
                datetime.combine(day, time(rng.randint(7, 22), rng.randint(0, 59)))
            )
            at = min(at, now)
            band = rng.choices(BANDS, weights=[6, 10, 22, 26, 30, 6])[0]
            responses.append(
                Response(
                    hearing=hearing,
                    respondent_key=respondent_key(f"demo-{hearing.pk}-{n}@example.dk"),
                    age_band=band,
                    created_at=at,
                    confirmed_at=at + timedelta(minutes=rng.randint(1, 90))
                    if rng.random() > 0.04
                    else None,
                )
            )
        responses = Response.objects.bulk_create(responses, batch_size=1000)
        rows = []
        for r in responses:
            for q in qs:
                if q.kind == Question.Kind.SINGLE:
                    rows.append(
                        Answer(
                            response=r,
                            question=q,
                            choices=[
                                rng.choices(q.options, weights=range(len(q.options), 0, -1))[0]
                            ],
                        )
                    )
                elif q.kind == Question.Kind.MULTIPLE:
                    rows.append(
                        Answer(
                            response=r, question=q, choices=rng.sample(q.options, rng.randint(1, 2))
                        )
                    )
                elif q.kind == Question.Kind.SCALE:
                    rows.append(
                        Answer(
                            response=r,
                            question=q,
                            number=rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 5, 3])[0],
                        )
                    )
                elif rng.random() < 0.25:
                    rows.append(Answer(response=r, question=q, text=rng.choice(TEXTS)))
        Answer.objects.bulk_create(rows, batch_size=2000)
        answers_total += sum(1 for r in responses if r.confirmed_at)
    stdout.write(f"Hearings: {made} hearings, {answers_total} counted answers.")
    return {}
