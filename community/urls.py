from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from community import (
    admin_site,  # noqa: F401  (the admin site class must be importable before admin.site)
    api_bookings,
    views,
    views_bookings,
)

community_patterns = [
    path("", views.home, name="home"),
    path("borgere/", views.citizen_list, name="citizen-list"),
    path("borgere/eksport.csv", views.citizen_export, name="citizen-export"),
    path("borgere/<int:pk>/", views.citizen_detail, name="citizen-detail"),
    path("borgere/<int:pk>/slet/", views.citizen_erase, name="citizen-erase"),
    path("revisionslog/", views.audit_list, name="audit-list"),
    # Rooms and bookings
    path("lokaler/", views_bookings.room_search, name="room-search"),
    path("lokaler/<int:pk>/", views_bookings.room_detail, name="room-detail"),
    path("lokaler/<int:room_pk>/book/", views_bookings.booking_create, name="booking-create"),
    path("lokaler/<int:room_pk>/fast/", views_bookings.series_create, name="series-create"),
    path("lokaler/<int:room_pk>/venteliste/", views_bookings.waitlist_join, name="waitlist-join"),
    path("bookinger/", views_bookings.booking_list, name="booking-list"),
    path("bookinger/<int:pk>/", views_bookings.booking_detail, name="booking-detail"),
    path("bookinger/<int:pk>/flyt/", views_bookings.booking_edit, name="booking-edit"),
    path("bookinger/<int:pk>/aflys/", views_bookings.booking_cancel, name="booking-cancel"),
    path("bookinger/<int:pk>/afgoer/", views_bookings.booking_decide, name="booking-decide"),
    path("bookinger/faste/<int:pk>/", views_bookings.series_detail, name="series-detail"),
    path("bookinger/faste/<int:pk>/aflys/", views_bookings.series_cancel, name="series-cancel"),
    path("bookinger/godkend/", views_bookings.approval_queue, name="approval-queue"),
    path("bookinger/udnyttelse/", views_bookings.utilisation, name="utilisation"),
    path("foreninger/ny/", views_bookings.association_register, name="association-register"),
    path(
        "foreninger/<int:pk>/boerneattest/",
        views_bookings.association_declare,
        name="association-declare",
    ),
    path(
        "foreninger/<int:pk>/repraesentant/",
        views_bookings.association_add_representative,
        name="association-add-representative",
    ),
    path(
        "foreninger/<int:pk>/ny-kalenderadresse/",
        views_bookings.association_rotate_feed,
        name="association-rotate-feed",
    ),
    path(
        "foreninger/<int:pk>/afgoer/",
        views_bookings.association_decide,
        name="association-decide",
    ),
    path("kalender/lokale/<str:token>.ics", views_bookings.room_feed, name="room-feed"),
    path(
        "kalender/forening/<str:token>.ics",
        views_bookings.association_feed,
        name="association-feed",
    ),
    path("api/rooms/", api_bookings.RoomListAPI.as_view(), name="api-rooms"),
    path(
        "api/rooms/availability/",
        api_bookings.AvailabilityAPI.as_view(),
        name="api-availability",
    ),
    path("api/bookings/", api_bookings.BookingListCreateAPI.as_view(), name="api-bookings"),
    path(
        "api/bookings/<int:pk>/cancel/",
        api_bookings.BookingCancelAPI.as_view(),
        name="api-booking-cancel",
    ),
    path("api/doors/<int:pk>/check/", api_bookings.DoorCheckAPI.as_view(), name="api-door-check"),
    path("mine-oplysninger/", views.my_data, name="my-data"),
]

urlpatterns = [
    path("", include((community_patterns, "community"))),
    path("frivillig/", include("volunteers.urls")),
    path("lokalomraader/", include("localareas.urls")),
    path("kort/", include("maps.urls")),
    path("match/", include("matching.urls")),
    path("hoeringer/", include("hearings.urls")),
    path("accounts/", include("allauth.urls")),
    path("sprog/", set_language, name="set_language"),
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[]), name="api-schema"),
    path("admin/", admin.site.urls),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "community.api_errors.page_not_found"
