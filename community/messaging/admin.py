from django.contrib import admin

from community.admin_site import ReadOnlyAdmin
from community.messaging.models import Outbox


@admin.register(Outbox)
class OutboxAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Every message sent or tried; filter on "Fejlet" for the mails that did not go."""

    list_display = ["created_at", "kind", "email", "language", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Outbox._meta.fields]
