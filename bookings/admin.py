"""Admin pages for buildings and their rooms, rooms' booking rules, closed periods, doors (secret shown once), bookings."""

from django import forms
from django.contrib import admin, messages

from bookings import services
from bookings.models import (
    AccessEvent,
    Booking,
    BookingSeries,
    Building,
    ClosedPeriod,
    Door,
    Equipment,
    Room,
)
from community.admin_site import CHECKBOXES, LabelledTabularInline


class RoomInline(LabelledTabularInline):
    model = Room
    extra = 0
    # The booking rules are many; they are edited on the room's own page.
    fields = ["name", "capacity", "step_free", "lock_enabled", "requires_approval"]
    show_change_link = True


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "city", "local_area"]
    search_fields = ["name", "street", "city"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["__str__", "capacity", "requires_approval", "lock_enabled", "step_free"]
    list_filter = ["requires_approval", "lock_enabled", "step_free", "building"]
    search_fields = ["name", "building__name"]
    formfield_overrides = CHECKBOXES

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "equipment":
            # Ticked from the list, so a room holds only codes the pages show in both languages.
            return forms.MultipleChoiceField(
                label=db_field.verbose_name,
                choices=Equipment.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A room is made of rooms of its own building: only those are offered.
        if db_field.name == "parts" and request.resolver_match.kwargs.get("object_id"):
            room = self.get_object(request, request.resolver_match.kwargs["object_id"])
            if room is not None:
                kwargs["queryset"] = Room.objects.filter(building=room.building).exclude(pk=room.pk)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(ClosedPeriod)
class ClosedPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "reason"]


@admin.register(Door)
class DoorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at"]
    fields = ["room", "name"]
    actions = ["rotate_secret"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        door, secret = services.door_create(room=obj.room, name=obj.name)
        obj.pk = door.pk
        messages.warning(
            request,
            f"Låsens hemmelighed (vises kun nu, skriv den ind i låsen): {secret}",
        )

    @admin.action(description="Ny hemmelighed til låsen")
    def rotate_secret(self, request, queryset):
        for door in queryset:
            secret = services.door_rotate_secret(door=door)
            messages.warning(request, f"{door}: {secret}")


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "association", "booked_by", "status"]
    list_filter = ["status", "room__building"]
    date_hierarchy = "starts_at"
    readonly_fields = [f.name for f in Booking._meta.fields]

    def has_add_permission(self, request):
        # Bookings are made through the booking service, which checks for clashes.
        return False


admin.site.register(BookingSeries)
admin.site.register(AccessEvent)
