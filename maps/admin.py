import re
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from community.access.maps import can_import_facilities
from maps.forms import FacilityUploadForm
from maps.importers import ImportFileError
from maps.models import Facility, Layer, ProblemReport
from maps.services import facilities_import_file

STAGING = "maps-imports"
TOKEN = re.compile(r"^[0-9a-f]{32}\.[a-z]{3,7}$")


@admin.register(Layer)
class LayerAdmin(admin.ModelAdmin):
    list_display = ["name_da", "name_en", "slug", "icon", "colour", "order", "shown_by_default"]
    list_editable = ["order", "shown_by_default"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "layer", "local_area", "status", "owner_kind", "source", "retired_at"]
    list_filter = ["layer", "status", "owner_kind", "source", "local_area"]
    search_fields = ["name", "external_id", "description"]
    autocomplete_fields = ["owner_association"]
    readonly_fields = ["local_area", "lon", "lat", "created_at", "updated_at"]
    change_list_template = "admin/maps/facility_change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="maps_facility_import",
            )
        ] + super().get_urls()

    def import_view(self, request):
        """Upload a file, see what would change (a dry run), then apply it in one transaction."""
        if not can_import_facilities(request.user):
            raise PermissionDenied
        staging = Path(settings.MEDIA_ROOT) / STAGING
        context = {**self.admin_site.each_context(request), "title": "Importér faciliteter"}
        if request.method == "POST" and "apply" in request.POST:
            token = request.POST.get("token", "")
            staged = staging / token
            form = FacilityUploadForm(request.POST)
            form.fields["file"].required = False
            if not TOKEN.match(token) or not staged.exists() or not form.is_valid():
                messages.error(request, "Forhåndsvisningen er udløbet. Upload filen igen.")
                return redirect("admin:maps_facility_import")
            try:
                report = self._run(form, staged, request.user, dry_run=False)
            except (ImportFileError, ValidationError) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
                return redirect("admin:maps_facility_import")
            finally:
                staged.unlink(missing_ok=True)
            messages.success(
                request,
                f"{report.source}: {report.created} oprettet, {report.updated} opdateret, "
                f"{report.unchanged} uændret, {report.retired} udgået.",
            )
            return redirect(reverse("admin:maps_facility_changelist") + f"?source={report.source}")
        if request.method == "POST":
            form = FacilityUploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                staging.mkdir(parents=True, exist_ok=True)
                token = f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
                staged = staging / token
                with open(staged, "wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                try:
                    report = self._run(form, staged, request.user, dry_run=True)
                except (ImportFileError, ValidationError) as exc:
                    staged.unlink(missing_ok=True)
                    form.add_error("file", " ".join(getattr(exc, "messages", [str(exc)])))
                else:
                    context.update(form=form, report=report, token=token)
                    return TemplateResponse(request, "admin/maps/facility_import.html", context)
        else:
            form = FacilityUploadForm()
        context["form"] = form
        return TemplateResponse(request, "admin/maps/facility_import.html", context)

    def _run(self, form, staged, user, *, dry_run):
        data = form.cleaned_data
        return facilities_import_file(
            path=staged,
            source=data["source"],
            profile=data["profile"],
            default_layer=data.get("default_layer"),
            retire_missing=data.get("retire_missing", False),
            dry_run=dry_run,
            actor=user,
        )


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["facility", "status", "created_at", "handled_by"]
    list_filter = ["status"]
    raw_id_fields = ["facility"]
    readonly_fields = ["reporter", "handled_by", "acknowledged_at", "fixed_at"]
