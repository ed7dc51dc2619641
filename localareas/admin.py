from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.access.localareas import can_import_local_areas
from community.admin_site import CHECKBOXES, ImportAdmin, LabelledTabularInline
from community.imports import forget_stale, stage_upload, staged_file
from localareas.importer import ImportProblem
from localareas.models import (
    AreaResource,
    ContactLogEntry,
    CoordinationMeeting,
    LocalArea,
    LocalCouncil,
    MeetingDecision,
    Project,
)
from localareas.services import local_areas_import, local_areas_import_queue

STAGING = "localareas-imports"


class AreaImportForm(forms.Form):
    file = forms.FileField(label=_("Fil (GeoJSON, zippet Shapefile eller GeoPackage)"))
    name_field = forms.CharField(
        label=_("Felt med navnet"), required=False, help_text=_("F.eks. SOGNENAVN")
    )
    code_field = forms.CharField(label=_("Felt med koden"), required=False)


@admin.register(LocalArea)
class LocalAreaAdmin(ImportAdmin, admin.ModelAdmin):
    list_display = ["name", "code", "area_km2", "population"]
    search_fields = ["name", "code"]
    readonly_fields = [
        "min_lon",
        "min_lat",
        "max_lon",
        "max_lat",
        "centroid_lon",
        "centroid_lat",
        "area_km2",
    ]
    actions = ["import_polygons"]

    @admin.action(description=_("Importér områder fra fil"))
    def import_polygons(self, request, queryset):
        return redirect(reverse("admin:localareas_localarea_import"))

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "import_url": reverse("admin:localareas_localarea_import"),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload a file, see what would change (a dry run), then queue it: the job's page shows progress."""
        if not (self.has_add_permission(request) and can_import_local_areas(request.user)):
            return redirect("admin:index")
        staging = Path(settings.MEDIA_ROOT) / STAGING
        forget_stale(staging)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importér lokalområder"),
            "opts": self.model._meta,
        }
        if request.method == "POST" and "apply" in request.POST:
            staged = staged_file(staging, request.POST.get("token", ""))
            if staged is None:
                messages.error(request, _("Forhåndsvisningen er udløbet. Upload filen igen."))
                return redirect("admin:localareas_localarea_import")
            run = local_areas_import_queue(
                staged=staged,
                file_name=request.POST.get("file_name", "") or staged.name,
                name_field=request.POST.get("name_field", "").strip(),
                code_field=request.POST.get("code_field", "").strip(),
                actor=request.user,
            )
            return redirect("admin:community_importrun_change", run.pk)
        form = AreaImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            token, staged = stage_upload(upload, staging)
            try:
                counts = local_areas_import(
                    path=staged,
                    name_field=form.cleaned_data["name_field"] or None,
                    code_field=form.cleaned_data["code_field"] or None,
                    source=upload.name,
                    dry_run=True,
                )
            except ImportProblem as problem:
                # Kept only for a preview the administrator may apply; never after a failure.
                staged.unlink(missing_ok=True)
                form.add_error("file", str(problem))
            else:
                context.update(counts=counts, token=token, file_name=upload.name)
        context["form"] = form
        return render(request, "admin/localareas/import.html", context)


@admin.register(LocalCouncil)
class LocalCouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "email"]
    search_fields = ["name"]
    formfield_overrides = CHECKBOXES


@admin.register(AreaResource)
class AreaResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "role", "verified_at"]
    list_filter = ["kind", "area"]
    search_fields = ["name", "role", "contact_person", "email"]
    raw_id_fields = ["verified_by"]
    formfield_overrides = CHECKBOXES


@admin.register(ContactLogEntry)
class ContactLogEntryAdmin(admin.ModelAdmin):
    list_display = [
        "contacted_on",
        "area",
        "spoke_with",
        "channel",
        "follow_up_on",
        "follow_up_done",
    ]
    list_filter = ["channel", "follow_up_done", "area"]
    search_fields = ["spoke_with", "summary"]
    raw_id_fields = ["resource", "created_by"]
    date_hierarchy = "contacted_on"


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "next_step_on", "is_public"]
    list_filter = ["status", "is_public", "areas"]
    search_fields = ["title", "goal"]
    formfield_overrides = CHECKBOXES
    raw_id_fields = ["partner_resources", "created_by"]


class MeetingDecisionInline(LabelledTabularInline):
    model = MeetingDecision
    extra = 1
    raw_id_fields = ["owner"]


@admin.register(CoordinationMeeting)
class CoordinationMeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "place"]
    search_fields = ["place", "agenda", "notes"]
    date_hierarchy = "held_on"
    formfield_overrides = CHECKBOXES
    inlines = [MeetingDecisionInline]
