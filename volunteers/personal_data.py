"""A volunteer's own data for "Mine oplysninger": profile, coordinators' notes, applications, hours."""

from django.utils.translation import gettext as _

from community.personal_data import Section, record
from volunteers.models import NotificationPreference, Volunteer


def sections(user) -> list[Section]:
    volunteer = Volunteer.objects.filter(user=user).first()
    out = []
    if volunteer is not None:
        out += [
            Section(_("Din profil som frivillig"), [record(volunteer, exclude=("user",))]),
            Section(
                _("Noter fra koordinatorerne"),
                [
                    record(n, exclude=("volunteer",))
                    for n in volunteer.notes.select_related("author")
                ],
            ),
            Section(
                _("Dine ansøgninger"),
                [
                    record(a, exclude=("volunteer", "decided_by"))
                    for a in volunteer.applications.select_related("opportunity")
                ],
            ),
            Section(
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
        out.append(Section(_("Dine valg af e-mails"), [record(preference, exclude=("user",))]))
    return out
