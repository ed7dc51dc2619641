from django.urls import path

from bookings import api
from bookings.views import bookings, feeds, rooms, series

app_name = "bookings"

urlpatterns = [
    path("lokaler/", rooms.room_search, name="room-search"),
    path("lokaler/<int:pk>/", rooms.room_detail, name="room-detail"),
    path("lokaler/<int:room_pk>/book/", bookings.booking_create, name="booking-create"),
    path("lokaler/<int:room_pk>/fast/", series.series_create, name="series-create"),
    path("lokaler/<int:room_pk>/venteliste/", bookings.waitlist_join, name="waitlist-join"),
    path("bookinger/", bookings.booking_list, name="booking-list"),
    path("bookinger/<int:pk>/", bookings.booking_detail, name="booking-detail"),
    path("bookinger/<int:pk>/flyt/", bookings.booking_edit, name="booking-edit"),
    path("bookinger/<int:pk>/kalender.ics", feeds.booking_ics, name="booking-ics"),
    path("bookinger/<int:pk>/aflys/", bookings.booking_cancel, name="booking-cancel"),
    path("bookinger/<int:pk>/afgoer/", bookings.booking_decide, name="booking-decide"),
    path("bookinger/faste/<int:pk>/", series.series_detail, name="series-detail"),
    path("bookinger/faste/<int:pk>/aflys/", series.series_cancel, name="series-cancel"),
    path("bookinger/godkend/", bookings.approval_queue, name="approval-queue"),
    path("bookinger/udnyttelse/", rooms.utilisation, name="utilisation"),
    path("kalender/lokale/<str:token>.ics", feeds.room_feed, name="room-feed"),
    path(
        "kalender/forening/<str:token>.ics",
        feeds.association_feed,
        name="association-feed",
    ),
    path("api/rooms/", api.RoomListAPI.as_view(), name="api-rooms"),
    path(
        "api/rooms/availability/",
        api.AvailabilityAPI.as_view(),
        name="api-availability",
    ),
    path("api/bookings/", api.BookingListCreateAPI.as_view(), name="api-bookings"),
    path(
        "api/bookings/<int:pk>/cancel/",
        api.BookingCancelAPI.as_view(),
        name="api-booking-cancel",
    ),
    path("api/doors/<int:pk>/check/", api.DoorCheckAPI.as_view(), name="api-door-check"),
]
