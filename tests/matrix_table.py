"""The access matrix's URL table: which roles may open each URL pattern, and with which objects.

A new URL pattern fails tests/test_access_matrix.py until it is added here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin

from tests.matrix_world import Scope

ROLES = [
    "anonymous",
    "citizen",
    "volunteer",
    "rep",
    "coordinator",
    "playmaker",
    "council",
    "admin",
]
STAFF = {"coordinator", "playmaker", "admin"}

# --- the URL table -------------------------------------------------------------------------------------

ALL = frozenset(ROLES)
LOGGED_IN = ALL - {"anonymous"}
NOBODY = frozenset()  # a POST-only URL, or one that needs query parameters


def only(*roles: str) -> frozenset:
    return frozenset(roles)


@dataclass(frozen=True)
class U:
    """How to fill one URL pattern for a scope, and the roles that get a 200 from a GET of it.

    Another role getting a 200 fails the test: widening access is a decision, made here too.
    """

    kwargs: object = None  # scope, world -> dict
    who: frozenset = ALL
    # A capability URL (a signed link, a calendar feed): holding the token is the permission, so
    # "B's object" is B's token with one character changed.
    token: bool = False


def obj(attr, kwarg="pk", field="pk"):
    return lambda s, w: {kwarg: getattr(getattr(s, attr), field)}


def forged(value: str) -> str:
    return value[:-2] + ("AA" if not value.endswith("AA") else "BB")


def area_slug(kwarg="slug"):
    return lambda s, w: {kwarg: s.area.slug}


def council_slug(s, w):
    return {"slug": s.council.slug}


def council_role(s, w):
    return {"slug": s.council.slug, "pk": s.council_role.pk}


ADMIN_ONLY = only("admin")

TABLE: dict[str, U] = {
    # community
    "community:home": U(),
    "community:favicon": U(),
    "community:citizen-list": U(who=only("coordinator", "playmaker")),
    "community:citizen-export": U(who=only("coordinator", "playmaker")),
    "community:citizen-detail": U(obj("citizen"), who=only("coordinator", "playmaker")),
    "community:citizen-erase": U(obj("citizen"), who=only("coordinator")),
    "community:audit-list": U(who=ADMIN_ONLY),
    "bookings:room-search": U(),
    "bookings:room-detail": U(obj("room")),
    "bookings:booking-create": U(obj("room", "room_pk"), who=LOGGED_IN),
    "bookings:series-create": U(obj("room", "room_pk"), who=LOGGED_IN),
    "bookings:waitlist-join": U(obj("room", "room_pk"), who=NOBODY),
    "bookings:booking-list": U(who=LOGGED_IN),
    "bookings:booking-detail": U(obj("booking"), who=only("rep", "playmaker", "admin")),
    "bookings:booking-edit": U(obj("booking"), who=only("rep", "playmaker", "admin")),
    "bookings:booking-ics": U(obj("booking"), who=only("rep", "playmaker", "admin")),
    "bookings:booking-cancel": U(obj("booking"), who=only("rep", "playmaker", "admin")),
    "bookings:booking-decide": U(obj("booking"), who=NOBODY),
    "bookings:series-detail": U(obj("series"), who=only("rep", "playmaker", "admin")),
    "bookings:series-cancel": U(obj("series"), who=only("rep", "playmaker", "admin")),
    "bookings:approval-queue": U(who=only("playmaker", "admin")),
    "bookings:utilisation": U(who=ADMIN_ONLY),
    "community:association-register": U(who=LOGGED_IN),
    "community:association-declare": U(
        lambda s, w: {"pk": s.association.pk}, who=only("rep", "admin")
    ),
    "community:association-add-representative": U(
        lambda s, w: {"pk": s.association.pk}, who=NOBODY
    ),
    "community:association-decide": U(lambda s, w: {"pk": s.association.pk}, who=NOBODY),
    "community:association-rotate-feed": U(lambda s, w: {"pk": s.association.pk}, who=NOBODY),
    "bookings:room-feed": U(obj("room", "token", "feed_token"), token=True),
    "bookings:association-feed": U(lambda s, w: {"token": s.association.feed_token}, token=True),
    "bookings:api-rooms": U(),
    "bookings:api-availability": U(),  # public; without its query it is a 400
    "bookings:api-bookings": U(who=LOGGED_IN),
    "bookings:api-booking-cancel": U(obj("booking"), who=NOBODY),
    "bookings:api-door-check": U(obj("door"), who=NOBODY),
    "community:my-data": U(who=LOGGED_IN),
    # volunteers
    "volunteers:signup": U(who=ALL - {"volunteer"}),
    "volunteers:mine": U(who=only("volunteer")),
    "volunteers:profile": U(who=only("volunteer")),
    "volunteers:hours-log": U(who=only("volunteer")),
    "volunteers:preferences": U(who=LOGGED_IN),
    "volunteers:application-withdraw": U(obj("application"), who=NOBODY),
    # POST only; the scopes hold no waiting-list entry, so any id fills the address.
    "volunteers:waitlist-accept": U(obj("application"), who=NOBODY),
    "volunteers:waitlist-leave": U(obj("application"), who=NOBODY),
    "volunteers:waitlist-join": U(obj("opportunity"), who=NOBODY),
    "volunteers:action": U(lambda s, w: {"token": s.action_token}, token=True),
    "volunteers:opportunity-list": U(),
    "volunteers:opportunity-create": U(who=only("rep", "coordinator")),
    "volunteers:opportunity-mine": U(who=only("rep", "coordinator", "admin")),
    "volunteers:opportunity-detail": U(obj("opportunity")),
    "volunteers:opportunity-manage": U(obj("opportunity"), who=only("rep", "coordinator", "admin")),
    "volunteers:opportunity-edit": U(obj("opportunity"), who=only("rep", "coordinator", "admin")),
    "volunteers:opportunity-close": U(obj("opportunity"), who=only("rep", "coordinator", "admin")),
    "volunteers:dashboard": U(who=only("coordinator")),
    "volunteers:volunteer-list": U(who=only("coordinator", "admin")),
    "volunteers:volunteer-detail": U(obj("volunteer"), who=only("coordinator", "admin")),
    "volunteers:hours-approve": U(who=only("rep", "coordinator")),
    "volunteers:hours-edit": U(obj("hours"), who=only("rep", "coordinator")),
    "volunteers:export": U(who=only("coordinator", "admin")),
    # localareas
    "localareas:area-list": U(),
    "localareas:assignments": U(who=only("playmaker", "admin")),
    "localareas:involvement": U(),
    "localareas:council-edit": U(council_slug, who=only("council", "admin")),
    "localareas:council-member-add": U(council_slug, who=NOBODY),
    "localareas:council-member-remove": U(council_role, who=NOBODY),
    "localareas:council-member-title": U(council_role, who=NOBODY),
    "localareas:council-invitation-withdraw": U(
        lambda s, w: {"slug": s.council.slug, "pk": s.council_invitation.pk}, who=NOBODY
    ),
    "localareas:council-invitation": U(lambda s, w: {"token": s.invitation_token}, token=True),
    "localareas:workspace": U(who=only("playmaker", "admin")),
    "localareas:meeting-list": U(who=STAFF),
    "localareas:meeting-create": U(who=only("playmaker", "admin")),
    "localareas:meeting-detail": U(lambda s, w: {"pk": w["meeting"].pk}, who=STAFF),
    "localareas:meeting-edit": U(
        lambda s, w: {"pk": w["meeting"].pk}, who=only("playmaker", "admin")
    ),
    "localareas:project-create": U(who=only("playmaker", "admin")),
    "localareas:project-edit": U(obj("project"), who=only("playmaker", "admin")),
    "localareas:resource-edit": U(obj("resource"), who=only("playmaker", "admin")),
    "localareas:resource-delete": U(obj("resource"), who=only("playmaker", "admin")),
    "localareas:resource-verify": U(obj("resource"), who=NOBODY),
    "localareas:contact-follow-up-done": U(obj("contact"), who=NOBODY),
    "localareas:workspace-area": U(area_slug(), who=only("playmaker", "admin")),
    "localareas:resource-create": U(area_slug(), who=only("playmaker", "admin")),
    "localareas:contact-create": U(area_slug(), who=only("playmaker", "admin")),
    "localareas:area-detail": U(area_slug()),
    "localareas:area-report": U(area_slug()),
    # maps
    "maps:map": U(),
    "maps:area-map": U(area_slug("area_slug")),
    "maps:facility-list": U(),
    "maps:embed": U(),
    "maps:share": U(),
    "maps:facility-detail": U(obj("facility")),
    "maps:facility-gpx": U(obj("facility")),
    "maps:problem-create": U(obj("facility"), who=NOBODY),
    "maps:problem-list": U(who=LOGGED_IN),
    "maps:problem-advance": U(obj("problem"), who=NOBODY),
    # The world's reports have no photo: a 404 for all; maps/tests/test_views.py covers who sees one.
    "maps:problem-photo": U(obj("problem"), who=NOBODY),
    "maps:api-facilities": U(),
    "maps:api-facilities-download": U(),
    "maps:api-areas": U(),
    "maps:api-places": U(),  # public; without ?area= it is a 404
    # OGC API – Features: open data; collections are map layers (by slug), items facilities.
    "maps:ogc-landing": U(),
    "maps:ogc-conformance": U(),
    "maps:ogc-collections": U(),
    "maps:ogc-collection": U(lambda s, w: {"collection_id": s.facility.layer.slug}),
    "maps:ogc-items": U(lambda s, w: {"collection_id": s.facility.layer.slug}),
    "maps:ogc-item": U(lambda s, w: {"collection_id": s.facility.layer.slug, "fid": s.facility.pk}),
    # matching
    "matching:overview": U(who=only("coordinator")),
    "matching:need-request": U(),
    "matching:need-request-received": U(),
    "matching:intake": U(who=only("coordinator")),
    "matching:need-request-done": U(who=LOGGED_IN),
    "matching:need-list": U(who=only("coordinator")),
    "matching:need-create": U(who=only("coordinator")),
    "matching:need-detail": U(obj("need"), who=only("coordinator")),
    "matching:need-review": U(obj("need"), who=NOBODY),
    "matching:need-withdraw": U(obj("need"), who=NOBODY),
    "matching:run-create": U(who=NOBODY),
    "matching:run-detail": U(obj("run"), who=only("coordinator")),
    "matching:proposal-list": U(who=only("coordinator")),
    "matching:proposal-accept": U(obj("proposal"), who=NOBODY),
    "matching:proposal-reject": U(obj("proposal"), who=NOBODY),
    "matching:proposal-promote": U(obj("proposal"), who=NOBODY),
    "matching:match-list": U(who=only("coordinator")),
    "matching:match-detail": U(obj("match"), who=only("coordinator")),
    "matching:match-consent": U(obj("match"), who=NOBODY),
    "matching:match-end": U(obj("match"), who=NOBODY),
    "matching:figures": U(who=only("coordinator")),
    "matching:mine": U(who=LOGGED_IN),
    "matching:mine-consent": U(obj("match"), who=NOBODY),
    "matching:mine-need-withdraw": U(obj("need"), who=only("citizen")),
    "matching:follow-up-answer": U(obj("follow_up"), who=only("citizen", "volunteer")),
    "matching:answer": U(lambda s, w: {"token": s.match_token}, token=True),
    # hearings
    "hearings:list": U(),
    "hearings:participation": U(),
    "hearings:manage": U(who=only("playmaker", "council", "admin")),
    "hearings:create": U(who=only("playmaker", "council", "admin")),
    "hearings:confirm": U(lambda s, w: {"token": s.hearing_token}, token=True),
    "hearings:detail": U(obj("hearing")),
    "hearings:edit": U(obj("hearing"), who=only("playmaker", "council", "admin")),
    "hearings:check-mail": U(obj("hearing")),
    "hearings:thanks": U(obj("hearing")),
    "hearings:results": U(obj("hearing")),
    "hearings:publish": U(obj("hearing"), who=NOBODY),
    "hearings:unfollow": U(lambda s, w: {"token": s.unfollow_token}, token=True),
    # accounts (allauth): each user's own account, so no scope
    "account_login": U(),
    "account_logout": U(),
    "account_inactive": U(),
    "account_signup": U(),
    "account_reauthenticate": U(who=LOGGED_IN),
    "account_email": U(who=LOGGED_IN),
    "account_email_verification_sent": U(),
    "account_change_password": U(who=LOGGED_IN),
    "account_set_password": U(who=LOGGED_IN),
    "account_reset_password": U(),
    "account_confirm_login_code": U(),
    "account_confirm_email": U(lambda s, w: {"key": "ikke-en-rigtig-noegle"}),
    "account_reset_password_from_key_done": U(),
    "account_reset_password_from_key": U(lambda s, w: {"uidb36": "1", "key": "ikke-en-noegle"}),
    "account_reset_password_done": U(),
    "socialaccount_login_cancelled": U(),
    "socialaccount_login_error": U(),
    "socialaccount_signup": U(),
    "socialaccount_connections": U(who=LOGGED_IN),
    "openid_connect_login": U(lambda s, w: {"provider_id": "mitid"}),
    "openid_connect_callback": U(lambda s, w: {"provider_id": "mitid"}),
    # allauth's old addresses of the same pages, which redirect to the new ones
    "accounts/social/login/cancelled/": U(),
    "accounts/social/login/error/": U(),
    "accounts/social/signup/": U(),
    "accounts/social/connections/": U(who=LOGGED_IN),
    "mfa_index": U(who=LOGGED_IN),
    "mfa_authenticate": U(),
    "mfa_reauthenticate": U(who=LOGGED_IN),
    "mfa_activate_totp": U(who=LOGGED_IN),
    "mfa_deactivate_totp": U(who=LOGGED_IN),
    "mfa_view_recovery_codes": U(who=LOGGED_IN),
    "mfa_generate_recovery_codes": U(who=LOGGED_IN),
    "mfa_download_recovery_codes": U(who=LOGGED_IN),
    "set_language": U(),
    "api-schema": U(),
    # the admin's own pages; every registered model's pages are added below
    "admin:index": U(who=ADMIN_ONLY),
    "admin:login": U(),
    "admin:logout": U(),
    "admin:password_change": U(who=ADMIN_ONLY),
    "admin:password_change_done": U(who=ADMIN_ONLY),
    "admin:autocomplete": U(who=ADMIN_ONLY),
    "admin:jsi18n": U(who=ADMIN_ONLY),
    "admin:view_on_site": U(
        lambda s, w: {
            "content_type_id": _content_type_id(s.facility),
            "object_id": s.facility.pk,
        },
        who=ADMIN_ONLY,
    ),
    "admin:app_list": U(lambda s, w: {"app_label": "community"}, who=ADMIN_ONLY),
    "admin:auth_user_password_change": U(lambda s, w: {"id": s.users["rep"].pk}, who=ADMIN_ONLY),
    "admin:localareas_localarea_import": U(who=ADMIN_ONLY),
    "admin:maps_facility_import": U(who=ADMIN_ONLY),
    # the admin's catch-all: an unknown admin URL
    "admin/(?P<url>.*)$": U(lambda s, w: {"url": "findes/ikke/"}, who=frozenset()),
}


def _content_type_id(instance) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(instance).pk


def _admin_object(s: Scope, w: dict, model):
    """The scope's object of this model where the scope has one, else any row of it."""
    scoped = {
        "association": s.association,
        "localarea": s.area,
        "localcouncil": s.council,
        "user": s.users["rep"],
        "citizen": s.citizen,
        "building": s.building,
        "room": s.room,
        "door": s.door,
        "booking": s.booking,
        "bookingseries": s.series,
        "arearesource": s.resource,
        "contactlogentry": s.contact,
        "project": s.project,
        "facility": s.facility,
        "problemreport": s.problem,
        "hearing": s.hearing,
        "response": s.hearing.responses.first(),
        "emailaddress": s.users["rep"].emailaddress_set.first(),
        "authenticator": s.coordinator.authenticator_set.first(),
        "coordinationmeeting": w["meeting"],
        "importrun": w["import_run"],
    }
    instance = scoped.get(model._meta.model_name) or model.objects.order_by("pk").first()
    return instance.pk if instance is not None else 0


def _admin_table() -> dict[str, U]:
    table = {}
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        table[f"{prefix}_changelist"] = U(who=ADMIN_ONLY)
        table[f"{prefix}_add"] = U(who=ADMIN_ONLY)
        for action in ("change", "delete", "history"):
            table[f"{prefix}_{action}"] = U(
                lambda s, w, model=model: {"object_id": _admin_object(s, w, model)},
                who=ADMIN_ONLY,
            )
        # The admin's old-style "<object_id>/" URL redirects to the change page.
        route = f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"
        table[route] = U(
            lambda s, w, model=model: {"object_id": _admin_object(s, w, model)}, who=frozenset()
        )
    return table


TABLE.update(_admin_table())
