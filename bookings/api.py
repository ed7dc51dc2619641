"""The availability and booking API (described in the OpenAPI schema) and the door-lock API."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import selectors, services
from bookings.models import Booking, Room
from bookings.room_search import availability_search
from community.access import bookings as booking_access
from community.api_schema import ErrorSerializer
from community.http import client_ip
from community.models import Association
from community.throttling import DoorRateThrottle

# Database ids are 32-bit on every backend we run; a larger number cannot name anything.
MAX_ID = 2**31 - 1
FIRST_SEARCH_DATE = date(2000, 1, 1)
LAST_SEARCH_DATE = date(2099, 12, 31)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
        "example": "07:00:00",
        "description": "Local wall-clock time in Europe/Copenhagen (HH:MM:SS, no offset)",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day as the building keeps it: local, so its UTC offset depends on the date."""


class RoomSerializer(serializers.ModelSerializer):
    opens_at = LocalTimeField()
    closes_at = LocalTimeField()
    building = serializers.CharField(source="building.name")
    address = serializers.CharField(source="building.address")
    lat = serializers.FloatField(source="building.lat", allow_null=True)
    lon = serializers.FloatField(source="building.lon", allow_null=True)

    class Meta:
        model = Room
        fields = [
            "id",
            "name",
            "building",
            "address",
            "lat",
            "lon",
            "capacity",
            "equipment",
            "step_free",
            "opens_at",
            "closes_at",
            "requires_approval",
            "lock_enabled",
        ]


class SearchDateField(serializers.DateField):
    """A date the search can turn into local times: the years 0001 and 9999 overflow on the way."""

    default_error_messages = {"out_of_range": gettext_lazy("Datoen skal ligge i årene 2000-2099.")}

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not FIRST_SEARCH_DATE <= day <= LAST_SEARCH_DATE:
            self.fail("out_of_range")
        return day


class AvailabilityQuery(serializers.Serializer):
    date = SearchDateField(required=False, help_text="One date (YYYY-MM-DD), 2000-2099")
    weekday = serializers.IntegerField(
        required=False, min_value=0, max_value=6, help_text="0 = Monday"
    )
    first_date = SearchDateField(required=False, help_text="First date of the season, 2000-2099")
    last_date = SearchDateField(required=False, help_text="Last date of the season, 2000-2099")
    start_time = LocalTimeField()
    end_time = LocalTimeField()
    capacity = serializers.IntegerField(required=False, min_value=1, max_value=100_000)
    step_free = serializers.BooleanField(required=False, default=False)
    area = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def validate(self, data):
        if data["end_time"] <= data["start_time"]:
            raise serializers.ValidationError(_("end_time skal ligge efter start_time."))
        if "date" not in data and not {"weekday", "first_date", "last_date"} <= set(data):
            raise serializers.ValidationError(
                _("Angiv enten date eller weekday med first_date og last_date.")
            )
        if "date" not in data and data["last_date"] < data["first_date"]:
            raise serializers.ValidationError(_("last_date må ikke ligge før first_date."))
        if "date" not in data and (data["last_date"] - data["first_date"]).days > 366:
            raise serializers.ValidationError(_("En sæson er højst et år."))
        return data


class AvailabilitySerializer(serializers.Serializer):
    room = RoomSerializer()
    dates_total = serializers.IntegerField()
    dates_free = serializers.IntegerField()
    clashes = serializers.SerializerMethodField()
    free_intervals = serializers.SerializerMethodField()

    def get_clashes(self, obj) -> list[dict]:
        return [{"date": d.isoformat(), "reason": reason} for d, reason in obj.clashes]

    def get_free_intervals(self, obj) -> list[dict]:
        return [
            {"starts_at": s.isoformat(), "ends_at": e.isoformat()} for s, e in obj.free_intervals
        ]


class BookingSerializer(serializers.ModelSerializer):
    door_code = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id",
            "room",
            "association",
            "title",
            "starts_at",
            "ends_at",
            "status",
            "price_dkk",
            "door_code",
        ]
        read_only_fields = ["status", "price_dkk", "door_code"]

    def get_door_code(self, obj) -> str | None:
        code = obj.live_door_code
        return code.code if code is not None else None


class RoomListAPI(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=RoomSerializer(many=True), summary="Bookable rooms")
    def get(self, request):
        rooms = Room.objects.select_related("building").order_by("building__name", "name")
        return Response(RoomSerializer(rooms, many=True).data)


class AvailabilityAPI(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[AvailabilityQuery],
        responses=AvailabilitySerializer(many=True),
        summary="Free rooms for a date or a weekly pattern over a season",
    )
    def get(self, request):
        query = AvailabilityQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        rooms = selectors.rooms_matching(
            capacity=data.get("capacity"), step_free=data["step_free"], area_id=data.get("area")
        )
        results = availability_search(
            rooms,
            start_time=data["start_time"],
            end_time=data["end_time"],
            day=data.get("date"),
            weekday=None if "date" in data else data["weekday"],
            first_date=data.get("first_date"),
            last_date=data.get("last_date"),
        )
        return Response(AvailabilitySerializer(results, many=True).data)


class BookingListCreateAPI(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=BookingSerializer(many=True), summary="My bookings")
    def get(self, request):
        bookings = (
            booking_access.own_bookings(request.user)
            .filter(ends_at__gte=timezone.now())
            .select_related("door_code")
            .order_by("starts_at")[:500]
        )
        return Response(BookingSerializer(bookings, many=True).data)

    @extend_schema(
        request=BookingSerializer,
        responses={201: BookingSerializer, 409: ErrorSerializer},
        summary="Book a room (409 when the time is taken)",
    )
    def post(self, request):
        serializer = BookingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        association = data.get("association")
        if association is not None and not isinstance(association, Association):
            association = None
        try:
            booking = services.booking_create(
                room=data["room"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                booked_by=request.user,
                association=association,
                title=data.get("title", ""),
            )
        except services.BookingConflict as exc:
            return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
        except services.BookingRefused as exc:
            return Response({"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


class BookingCancelAPI(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=BookingSerializer, summary="Cancel a booking")
    def post(self, request, pk):
        booking = booking_access.get_booking_for(request.user, pk)
        if not booking_access.can_change_booking(request.user, booking):
            return Response(
                {"detail": _("Bookingen er ikke din.")}, status=status.HTTP_403_FORBIDDEN
            )
        try:
            services.booking_cancel(booking=booking, cancelled_by=request.user)
        except services.BookingRefused as exc:
            return Response({"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
        return Response(BookingSerializer(booking).data)


class LockSecretAuthentication(BaseAuthentication):
    """The lock presents its own secret as `Authorization: Lock <secret>`."""

    keyword = "Lock"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith(self.keyword + " "):
            raise AuthenticationFailed(_("Låsens hemmelighed mangler."))
        door_id = request.parser_context["kwargs"].get("pk")
        try:
            door = services.door_authenticate(
                door_id, header[len(self.keyword) + 1 :].strip(), client_ip=client_ip(request)
            )
        except services.LockSecretRateLimited as exc:
            raise Throttled(wait=exc.retry_after_s) from None
        if door is None:
            raise AuthenticationFailed(_("Ukendt dør eller forkert hemmelighed."))
        request.door = door
        return (None, door)

    def authenticate_header(self, request):
        return self.keyword


class DoorCheckSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=8, allow_blank=True)


DoorAnswer = inline_serializer(
    "DoorAnswer",
    {
        "opens": serializers.BooleanField(),
        "reason": serializers.ChoiceField(["ok", "wrong_code", "rate_limited"]),
    },
)


class DoorCheckAPI(APIView):
    authentication_classes = [LockSecretAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [DoorRateThrottle]

    @extend_schema(
        request=DoorCheckSerializer,
        responses=DoorAnswer,
        summary="Lock asks: does this code open this door now? Records the access event.",
        description=(
            "429 after too many requests or wrong lock secrets, or after too many wrong codes at "
            "this door (then also with opens false and reason rate_limited); Retry-After says "
            "how long."
        ),
    )
    def post(self, request, pk):
        query = DoorCheckSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        door = request.door
        opens, reason = services.door_check(door=door, code=query.validated_data["code"])
        if reason == "rate_limited":
            return Response(
                {
                    "detail": _("For mange forkerte koder ved denne dør. Prøv igen senere."),
                    "opens": opens,
                    "reason": reason,
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(services.door_code_retry_after_s(door))},
            )
        return Response({"opens": opens, "reason": reason})


class LockSecretScheme(OpenApiAuthenticationExtension):
    target_class = "bookings.api.LockSecretAuthentication"
    name = "lockSecret"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Lock <secret>`: each door has its own secret; the server keeps only its hash.",
        }
