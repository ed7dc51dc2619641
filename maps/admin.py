import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.access.maps import can_import_facilities
from community.admin_site import ImportAdmin, LabelledListEditable, LabelledTabularInline
from community.imports import TOKEN, forget_stale
from maps.forms import FacilityUploadForm
from maps.importers import ImportFileError
from maps.models import Facility, FacilityPhoto, Layer, ProblemReport
from maps.services import facilities_import_file, facilities_import_queue

logger = logging.getLogger(__name__)
STAGING = "maps-imports"


@admin.register(Layer)
class LayerAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["name_da", "name_en", "slug", "icon", "colour", "order", "shown_by_default"]
    list_editable = ["order", "shown_by_default"]
    prepopulated_fields = {"slug": ["name_en"]}


class FacilityPhotoInline(LabelledTabularInline):
    model = FacilityPhoto
    extra = 0


@admin.register(Facility)
class FacilityAdmin(ImportAdmin, admin.ModelAdmin):
    list_display = ["name", "layer", "local_area", "status", "owner_kind", "source", "retired_at"]
    list_filter = ["layer", "status", "owner_kind", "source", "local_area"]
    search_fields = ["name", "external_id", "description"]
    readonly_fields = ["local_area", "lon", "lat", "created_at", "updated_at"]
    inlines = [FacilityPhotoInline]
    change_list_template = "admin/maps/facility_change_list.html"

    def import_view(self, request):
        """Upload a file, see what would change (a dry run), then queue it: the job's page shows progress."""
        if not can_import_facilities(request.user):
            raise PermissionDenied
        staging = Path(settings.MEDIA_ROOT) / STAGING
        forget_stale(staging)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Importér faciliteter"),
        }
        if request.method == "POST" and "apply" in request.POST:
            token = request.POST.get("token", "")
            staged = staging / token
            form = FacilityUploadForm(request.POST)
            form.fields["file"].required = False
            if not TOKEN.match(token) or not staged.exists() or not form.is_valid():
                messages.error(request, gettext("Forhåndsvisningen er udløbet. Upload filen igen."))
                return redirect("admin:maps_facility_import")
            data = form.cleaned_data
            # The staged file now belongs to the job, which deletes it when it ends.
            run = facilities_import_queue(
                staged=staged,
                file_name=request.POST.get("file_name", "") or token,
                source=data["source"],
                profile=data["profile"],
                default_layer=data.get("default_layer"),
                retire_missing=data.get("retire_missing", False),
                leave_outside=data.get("leave_outside", False),
                actor=request.user,
            )
            return redirect("admin:community_importrun_change", run.pk)
        if request.method == "POST":
            form = FacilityUploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                staging.mkdir(parents=True, exist_ok=True)
                token = f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
                staged = staging / token
                try:
                    with open(staged, "wb") as out:
                        for chunk in upload.chunks():
                            out.write(chunk)
                    report = self._run(form, staged, request.user, dry_run=True)
                except Exception as exc:
                    # Kept only for a preview the administrator may apply; never after a failure.
                    staged.unlink(missing_ok=True)
                    form.add_error("file", _failure(exc))
                else:
                    context.update(form=form, report=report, token=token, file_name=upload.name)
                    return TemplateResponse(request, "admin/maps/facility_import.html", context)
        else:
            form = FacilityUploadForm()
        context["form"] = form
        # Laid out and styled as the admin's own forms (error lists, help texts).
        context["adminform"] = helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {})
        return TemplateResponse(request, "admin/maps/facility_import.html", context)

    def _run(self, form, staged, user, *, dry_run):
        data = form.cleaned_data
        return facilities_import_file(
            path=staged,
            source=data["source"],
            profile=data["profile"],
            default_layer=data.get("default_layer"),
            retire_missing=data.get("retire_missing", False),
            leave_outside=data.get("leave_outside", False),
            dry_run=dry_run,
            actor=user,
        )


def _failure(exc: Exception) -> str:
    """The message for a failed import; a bug is logged with its traceback, not shown as a 500."""
    if isinstance(exc, ImportFileError | ValidationError):
        return " ".join(getattr(exc, "messages", [str(exc)]))
    logger.exception("Facility import failed")
    return gettext(
        "Filen kunne ikke importeres på grund af en fejl hos os. Intet er gemt, og filen er slettet."
    )


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["facility", "status", "created_at", "handled_by"]
    list_filter = ["status"]
    raw_id_fields = ["facility"]
    # The photo has no public URL: the admin links to the view that checks access.
    exclude = ["photo"]
    readonly_fields = ["reporter", "handled_by", "acknowledged_at", "fixed_at", "photo_link"]

    @admin.display(description=_("foto"))
    def photo_link(self, obj):
        if not obj.photo:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("maps:problem-photo", args=[obj.pk]), _("Se foto")
        )
