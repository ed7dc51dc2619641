from django.contrib import admin

from community.admin_site import LabelledListEditable
from matching.models import Activity, ScoreWeights


@admin.register(ScoreWeights)
class ScoreWeightsAdmin(LabelledListEditable, admin.ModelAdmin):
    """Administrators set how much each score component counts per kind of need."""

    list_display = ["kind", *ScoreWeights.COMPONENTS]
    list_editable = ScoreWeights.COMPONENTS


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "association",
        "weekday",
        "start",
        "end",
        "seats",
        "step_free",
        "active",
    ]
    list_filter = ["kind", "weekday", "step_free", "active"]
    search_fields = ["title", "association__name"]
    raw_id_fields = ["room"]
    exclude = ["local_area"]
