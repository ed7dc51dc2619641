from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.db import models, router
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from community import access
from community.audit import log_action, log_many


def _changed_fields(message) -> list[str]:
    """The field names in an admin change message ([{"changed": {"fields": [...]}}, ...])."""
    if not isinstance(message, list):
        return []
    return sorted({f for part in message for f in part.get("changed", {}).get("fields", [])})


# Many-to-many fields as a list of checkboxes: Django's two-box filter widget labels its icons in a
# way screen readers are not given (axe: aria-prohibited-attr), and its select2 alternative leaves
# its search box without a label. The lists here are short (core tasks, areas, a building's rooms).
CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
# For the same reason no admin uses autocomplete_fields: select2's search box has no accessible name
# (axe: aria-input-field-name), where a plain select is named by its label and types ahead.


def label_columns(formset):
    """Inputs in a table row (inline rows, list-editable columns) sit under a column heading, which
    names no input to a screen reader (axe: label, select-name): each gets its column's name."""

    def add_fields(self, form, index):
        super(labelled, self).add_fields(form, index)  # the formset's own: "Slet?" among them
        for name, field in form.fields.items():
            widget = field.widget
            while hasattr(widget, "widget"):  # a foreign key's select inside its add/change links
                widget = widget.widget
            widget.attrs.setdefault("aria-label", str(field.label or name))

    labelled = type(formset.__name__, (formset,), {"add_fields": add_fields})
    return labelled


class LabelledTabularInline(admin.TabularInline):
    def get_formset(self, request, obj=None, **kwargs):
        return label_columns(super().get_formset(request, obj, **kwargs))


class LabelledListEditable:
    def get_changelist_formset(self, request, **kwargs):
        return label_columns(super().get_changelist_formset(request, **kwargs))


class BlankLabelledValuesFilter(admin.AllValuesFieldListFilter):
    """Django's filter by a column's values shows a blank value as a link with no text (axe:
    link-name): it says "(tom)" instead."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice = {**choice, "display": _("(tom)")}
            yield choice


# Every admin's filter on a free-text column: registered first, so it wins over Django's own.
admin.FieldListFilter.register(
    lambda f: isinstance(f, models.CharField) and not f.flatchoices,
    BlankLabelledValuesFilter,
    take_priority=True,
)


class AuditedAdmin:
    """Edits in the admin call no service, so the admin writes their audit entries itself."""

    def log_addition(self, request, obj, message):
        log_action("admin.created", obj=obj, actor=request.user)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        log_action(
            "admin.changed", obj=obj, actor=request.user, data={"fields": _changed_fields(message)}
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        # Called before the rows go: the entry names each row the deletion takes with it (a council's
        # member roles too), as the admin's own confirmation page listed them.
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(list(queryset))
        doomed = [obj for objs in collector.data.values() for obj in objs]
        log_many("admin.deleted", doomed, actor=request.user)
        return super().log_deletions(request, queryset)


class ReadOnlyAdmin:
    """A record kept as it happened (the audit log, the outbox): listed and read, never added,
    changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _OverflowSafeChangeList:
    """Django's date hierarchy turns ?at__year=99999999999999999999999 into an OverflowError (a 500);
    the admin answers other bad lookups with its "?e=1" page, so this one too."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as exc:
            raise IncorrectLookupParameters(exc) from exc


class QueryStringSafeAdmin:
    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        return type(changelist.__name__, (_OverflowSafeChangeList, changelist), {})


class ImportAdmin:
    """A model admin with an upload page, import_view, at import/ (admin:<app>_<model>_import)."""

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
        ] + super().get_urls()


class SamskabAdminSite(admin.AdminSite):
    site_header = "Samskab administration"
    site_title = "Samskab"
    index_title = "Administration"

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model admin, ours and the libraries', writes audit entries for its edits."""
        admin_class = admin_class or admin.ModelAdmin
        audited = type(admin_class.__name__, (AuditedAdmin, QueryStringSafeAdmin, admin_class), {})
        return super().register(model_or_iterable, audited, **options)

    def has_permission(self, request):
        """Only administrators (with two-factor login, see StaffMFAMiddleware) use the admin."""
        user = request.user
        return user.is_active and user.is_staff and access.is_admin(user)

    def login(self, request, extra_context=None):
        """Django's own password form would skip the second factor: everyone logs in through allauth."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(next_url, reverse("account_login"))
