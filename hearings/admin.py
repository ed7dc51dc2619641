from django.contrib import admin

from community.admin_site import LabelledTabularInline
from hearings.models import Hearing, Question, Response


class QuestionInline(LabelledTabularInline):
    model = Question
    extra = 0


@admin.register(Hearing)
class HearingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "local_area", "opens_on", "closes_on", "results_public"]
    list_filter = ["kind", "results_public", "local_area"]
    search_fields = ["title"]
    inlines = [QuestionInline]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Answers are read in the results pages; the admin shows only that they exist, not who gave them."""

    list_display = ["hearing", "age_band", "created_at", "confirmed_at"]
    list_filter = ["hearing"]
    readonly_fields = ["hearing", "age_band", "created_at", "confirmed_at"]
    exclude = ["user", "respondent_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
