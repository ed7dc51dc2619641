"""Facilities stored before websites were checked may carry a javascript: or other non-http link."""

from django.db import migrations


def clear_non_http_websites(apps, schema_editor):
    from maps.importers.profiles import http_url

    Facility = apps.get_model("maps", "Facility")
    bad = [
        pk
        for pk, website in Facility.objects.exclude(website="").values_list("pk", "website")
        if not http_url(website)
    ]
    Facility.objects.filter(pk__in=bad).update(website="")


class Migration(migrations.Migration):
    dependencies = [("maps", "0002_facility_website_http_only")]

    operations = [migrations.RunPython(clear_non_http_websites, migrations.RunPython.noop)]
