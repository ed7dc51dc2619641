"""The availability and booking API (described in the OpenAPI schema) and the door-lock API."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from community import selectors, services
from community.access import bookings as booking_access
from community.models import Association, Booking, Room


class RoomSerializer(serializers.ModelSerializer):
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


class AvailabilityQuery(serializers.Serializer):
    date = serializers.DateField(required=False, help_text="One date (YYYY-MM-DD)")
    weekday = serializers.IntegerField(
        required=False, min_value=0, max_value=6, help_text="0 = Monday"
    )
    first_date = serializers.DateField(required=False)
    last_date = serializers.DateField(required=False)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    capacity = serializers.IntegerField(required=False, min_value=1)
    step_free = serializers.BooleanField(required=False, default=False)
    area = serializers.IntegerField(required=False)

    def validate(self, data):
        if data["end_time"] <= data["start_time"]:
            raise serializers.ValidationError("end_time must be after start_time.")
        if "date" not in data and not {"weekday", "first_date", "last_date"} <= set(data):
            raise serializers.ValidationError(
                "Give either date, or weekday with first_date and last_date."
            )
        if "date" not in data and (data["last_date"] - data["first_date"]).days > 366:
            raise serializers.ValidationError("A season is at most one year.")
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
        code = getattr(obj, "door_code", None)
        return code.code if code is not None and code.revoked_at is None else None


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
        results = selectors.availability_search(
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
            booking_access.bookings_visible_to(request.user)
            .filter(ends_at__gte=timezone.now())
            .select_related("door_code")
            .order_by("starts_at")[:500]
        )
        return Response(BookingSerializer(bookings, many=True).data)

    @extend_schema(
        request=BookingSerializer,
        responses={
            201: BookingSerializer,
            400: OpenApiTypes.OBJECT,
            409: inline_serializer("Conflict", {"detail": serializers.CharField()}),
        },
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
            return Response({"detail": "Not yours."}, status=status.HTTP_403_FORBIDDEN)
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
            raise AuthenticationFailed("Lock secret required.")
        door_id = request.parser_context["kwargs"].get("pk")
        door = services.door_authenticate(door_id, header[len(self.keyword) + 1 :].strip())
        if door is None:
            raise AuthenticationFailed("Unknown door or wrong secret.")
        request.door = door
        return (None, door)

    def authenticate_header(self, request):
        return self.keyword


class DoorCheckAPI(APIView):
    authentication_classes = [LockSecretAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "lock"

    @extend_schema(
        request=inline_serializer("DoorCheck", {"code": serializers.CharField(max_length=8)}),
        responses=inline_serializer(
            "DoorAnswer", {"opens": serializers.BooleanField(), "reason": serializers.CharField()}
        ),
        summary="Lock asks: does this code open this door now? Records the access event.",
    )
    def post(self, request, pk):
        door = request.door
        code = str(request.data.get("code", ""))[:8]
        opens, reason = services.door_check(door=door, code=code)
        status_code = status.HTTP_429_TOO_MANY_REQUESTS if reason == "rate_limited" else 200
        return Response({"opens": opens, "reason": reason}, status=status_code)


class LockSecretScheme(OpenApiAuthenticationExtension):
    target_class = "community.api_bookings.LockSecretAuthentication"
    name = "lockSecret"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Lock <secret>`: each door has its own secret; the server keeps only its hash.",
        }
