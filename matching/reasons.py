"""Plain-Danish (and English) sentences for the engine's reason facts, rendered in the active language."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.weekly import WEEKDAYS

LANGUAGE_NAMES = {
    "da": gettext_lazy("dansk"),
    "en": gettext_lazy("engelsk"),
    "de": gettext_lazy("tysk"),
    "ar": gettext_lazy("arabisk"),
    "uk": gettext_lazy("ukrainsk"),
    "pl": gettext_lazy("polsk"),
    "so": gettext_lazy("somalisk"),
    "tr": gettext_lazy("tyrkisk"),
}


def part_of_day(minute: int) -> str:
    if minute < 12 * 60:
        return _("formiddag")
    if minute < 17 * 60:
        return _("eftermiddag")
    return _("aften")


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


def describe(fact: dict) -> str:
    code = fact.get("code")
    if code == "distance":
        km = number_format(fact["km"], 1)
        if fact.get("provider") == "v":
            return _("bor %(km)s km fra hinanden") % {"km": km}
        return _("ligger %(km)s km fra borgeren") % {"km": km}
    if code == "time":
        day = str(WEEKDAYS[fact["day"]])
        return _("kan begge %(day)s %(part)s") % {"day": day, "part": part_of_day(fact["minute"])}
    if code == "interests":
        return _("interesserer sig begge for %(terms)s") % {"terms": _(" og ").join(fact["terms"])}
    if code == "interests_similar":
        return _("har lignende interesser")
    if code == "language":
        return _("taler begge %(language)s") % {"language": language_name(fact["language"])}
    if code == "gender":
        return (
            _("er en kvinde, som ønsket")
            if fact["gender"] == "female"
            else _("er en mand, som ønsket")
        )
    if code == "age":
        return _("er %(age)s år, inden for den ønskede alder") % {"age": fact["age"]}
    if code == "known":
        return _("kender hinanden fra før")
    if code == "step_free":
        return _("stedet er uden trin")
    if code == "child_certificate":
        return _("har en gyldig børneattest")
    return ""


def describe_all(facts: list[dict]) -> list[str]:
    return [text for text in (describe(f) for f in facts or []) if text]


def describe_meeting(meeting: dict, room=None) -> str:
    """Where and when the pair could meet, from the run's meeting facts."""
    kind = (meeting or {}).get("kind")
    when = ""
    if meeting.get("day") is not None:
        when = _("%(day)s kl. %(hh)02d:%(mm)02d") % {
            "day": str(WEEKDAYS[meeting["day"]]),
            "hh": meeting["minute"] // 60,
            "mm": meeting["minute"] % 60,
        }
    if kind == "room" and room is not None:
        return _("%(room)s, %(when)s (%(km)s km)") % {
            "room": room,
            "when": when,
            "km": number_format(meeting.get("km", 0), 1),
        }
    if kind == "activity":
        return _("Aktiviteten selv, %(when)s") % {"when": when}
    if kind == "room_need":
        return _("Lokalet selv, %(when)s") % {"when": when}
    if kind == "outdoor":
        return _("Udendørs: %(name)s (%(km)s km)") % {
            "name": meeting.get("name", ""),
            "km": number_format(meeting.get("km", 0), 1),
        }
    if kind == "home":
        return _("Intet ledigt lokale i nærheden: mød hjemme hos borgeren eller gå en tur")
    return ""
