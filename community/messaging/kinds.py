"""Every kind of message the platform sends: its template and the name staff see on a person's page.

A kind's templates are `<template>_subject.txt` and `<template>.txt`; the HTML part wraps the text in
messaging/email/base.html unless `<template>.html` exists. Account mails (allauth) bring their own
templates and are rendered by allauth's adapter.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    label: str
    template: str = ""


KINDS: dict[str, Kind] = {
    "account": Kind(_("Konto og log-in")),
    "booking.received": Kind(_("Booking modtaget"), "bookings/email/booking"),
    "booking.approved": Kind(_("Booking godkendt"), "bookings/email/booking"),
    "booking.rejected": Kind(_("Booking afvist"), "bookings/email/booking"),
    "booking.cancelled": Kind(_("Booking aflyst"), "bookings/email/booking"),
    "booking.reminder": Kind(_("Påmindelse om booking"), "bookings/email/booking"),
    "booking.series": Kind(_("Fast booking"), "bookings/email/series"),
    "booking.waitlist": Kind(_("Ledigt lokale fra ventelisten"), "bookings/email/waitlist"),
    "hearings.confirm": Kind(_("Bekræft svar på høring"), "hearings/email/confirm"),
    "hearings.results": Kind(_("Resultat af en høring"), "hearings/email/results"),
    "hearings.decision": Kind(_("Beslutning efter en høring"), "hearings/email/decision"),
    "localareas.council_invitation": Kind(
        _("Invitation til lokalråd"), "localareas/email/council_invitation"
    ),
    "maps.problem_status": Kind(_("Svar på fejlmelding"), "maps/email/problem_status"),
    "matching.consent_asked": Kind(_("Spørgsmål om et match"), "matching/email/consent_asked"),
    "matching.match_active": Kind(_("Match er aktivt"), "matching/email/match_active"),
    "matching.match_declined": Kind(_("Match er afslået"), "matching/email/match_declined"),
    "matching.follow_up_due": Kind(_("Opfølgning på en aftale"), "matching/email/follow_up_due"),
    "volunteers.application_decided": Kind(
        _("Svar på ansøgning"), "volunteers/email/application_decided"
    ),
    "volunteers.certificates_expiring": Kind(
        _("Børneattester, der udløber"), "volunteers/email/certificates_expiring"
    ),
    "volunteers.hours_corrected": Kind(
        _("Timer rettet af en koordinator"), "volunteers/email/hours_corrected"
    ),
    "volunteers.hours_decided": Kind(
        _("Timer godkendt eller afvist"), "volunteers/email/hours_decided"
    ),
    "volunteers.new_application": Kind(_("Ny ansøgning"), "volunteers/email/new_application"),
    "volunteers.opportunity_closed": Kind(
        _("Opgave er lukket"), "volunteers/email/opportunity_closed"
    ),
    "volunteers.status_changed": Kind(
        _("Ændret status som frivillig"), "volunteers/email/status_changed"
    ),
    "volunteers.waitlist_offer": Kind(
        _("Plads fra ventelisten"), "volunteers/email/waitlist_offer"
    ),
}

KIND_CHOICES = [(name, kind.label) for name, kind in KINDS.items()]
