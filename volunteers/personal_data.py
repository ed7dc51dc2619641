"""A volunteer's own data for "Mine oplysninger": profile, coordinators' notes, applications, hours."""

from django.utils.translation import gettext as _

from community.personal_data import Section, record
from volunteers.models import NotificationKind, NotificationPreference, Volunteer


def sections(user) -> list[Section]:
    volunteer = Volunteer.objects.filter(user=user).first()
    out = []
    if volunteer is not None:
        out += [
            Section(
                "volunteer_profile",
                _("Din profil som frivillig"),
                [record(volunteer, exclude=("user",), choices=Volunteer.LIST_CHOICES)],
            ),
            Section(
                "volunteer_notes",
                _("Noter fra koordinatorerne"),
                [
                    record(n, exclude=("volunteer",))
                    for n in volunteer.notes.select_related("author")
                ],
            ),
            Section(
                "volunteer_applications",
                _("Dine ansøgninger"),
                [
                    record(a, exclude=("volunteer", "decided_by"))
                    for a in volunteer.applications.select_related("opportunity")
                ],
            ),
            Section(
                "volunteer_hours",
                _("Dine timer"),
                [
                    record(h, exclude=("volunteer", "decided_by"))
                    for h in volunteer.hours.select_related(
                        "opportunity", "core_task", "local_area"
                    )
                ],
            ),
        ]
    preference = NotificationPreference.objects.filter(user=user).first()
    if preference is not None:
        out.append(
            Section(
                "email_preferences",
                _("Dine valg af e-mails"),
                [
                    record(
                        preference, exclude=("user",), choices={"kinds": NotificationKind.choices}
                    )
                ],
            )
        )
    return out
