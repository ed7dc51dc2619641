from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from community import access, audit
from community.access.imports import can_see_import_run, import_kinds_for
from community.admin_site import CHECKBOXES, LabelledTabularInline, ReadOnlyAdmin
from community.audit import log_action
from community.imports import import_run_progress
from community.models import (
    Association,
    AuditEntry,
    Citizen,
    CoreTask,
    ImportRun,
    Municipality,
    Role,
    SchoolHoliday,
    User,
)


class RoleInline(LabelledTabularInline):
    model = Role
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [RoleInline]
    # Plain lists rather than the two-box filter widget (see community/admin_site.py).
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "phone")}),
        ("Adgang", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Datoer", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(CoreTask)
class CoreTaskAdmin(admin.ModelAdmin):
    list_display = ["name_da", "name_en", "order"]
    search_fields = ["name_da", "name_en"]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "cvr", "status", "local_area", "works_with_children"]
    list_filter = ["status", "works_with_children", "core_tasks"]
    search_fields = ["name", "cvr"]


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin):
    """Scoped like every other citizen view: the admin shows only citizens the user may see, and audits reads."""

    list_display = ["__str__", "local_area"]
    search_fields = ["first_name", "last_name"]
    formfield_overrides = CHECKBOXES

    def get_queryset(self, request):
        return access.citizens_visible_to(request.user)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            purpose = "search" if changelist.query else "list"
            audit.log_citizens_shown(changelist.result_list, actor=request.user, purpose=purpose)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # get_citizen_for audits the read, or the refused attempt, and 404s outside the user's scope.
        access.get_citizen_for(request.user, object_id, purpose="correction")
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        return bool(access.core_task_ids(request.user))


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = [
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "purpose",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_repr", "object_id", "purpose"]
    date_hierarchy = "at"

    def lookup_allowed(self, lookup, value, request=None):
        # ?object_id=12 in the URL would get round the search rule below.
        if lookup.split("__")[0] in {"object_id", "object_repr"}:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        # The same rule as the audit page: rows about citizens match only for those who may see them.
        if not search_term.strip():
            return queryset, False
        return queryset.filter(audit.search_condition(request.user, search_term.strip())), False

    def changelist_view(self, request, extra_context=None):
        if not access.is_admin(request.user):
            raise PermissionDenied
        log_action("audit.searched", actor=request.user, data={"query": request.GET.dict()})
        return super().changelist_view(request, extra_context)


# MitID's client is set in settings (SOCIALACCOUNT_PROVIDERS), not in the database, and no token is
# kept: the admin pages for them would only offer a second, silent way to configure the log-in.
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)

# Django's group page with a plain list of permissions rather than the two-box filter widget (see
# community/admin_site.py).
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    filter_horizontal = ()


# allauth's own admin shows each device's data, the TOTP secret among it, in plain text.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Devices are listed and may be removed (a lost phone); their secrets are never shown."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SchoolHolidayInline(admin.StackedInline):
    """The municipality's school holidays: weekly booking series skip them (community.holidays)."""

    model = SchoolHoliday
    extra = 1
    fields = ["name", "name_en", "starts_on", "ends_on"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """One row: the name, logo, contact details and map of the municipality that runs the platform,
    and its school holidays."""

    inlines = [SchoolHolidayInline]

    fieldsets = (
        (None, {"fields": ("code", "name", "logo_url")}),
        (_("Kontakt"), {"fields": ("email", "phone", "address", "website")}),
        (
            _("Kort"),
            {
                "fields": (
                    "center_lat",
                    "center_lon",
                    ("min_lon", "min_lat", "max_lon", "max_lat"),
                    "tile_url",
                    "tile_attribution",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Municipality.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Imports applied in the admin; a job's page shows its progress, then its result."""

    list_display = ["__str__", "kind", "state", "started_by", "started_at", "finished_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["started_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind__in=import_kinds_for(request.user))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = None
        if str(object_id).isdigit():
            run = ImportRun.objects.select_related("started_by").filter(pk=object_id).first()
        if run is None:
            raise Http404
        if not can_see_import_run(request.user, run):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import af %(file)s") % {"file": run.file_name},
            "opts": self.model._meta,
            "run": run,
            "progress": import_run_progress(run),
            "result_template": f"admin/import_result_{run.kind}.html",
        }
        # htmx polls the progress part alone while the job works.
        template = "admin/community/importrun/_progress.html" if request.htmx else None
        return TemplateResponse(
            request, template or "admin/community/importrun/progress.html", context
        )
