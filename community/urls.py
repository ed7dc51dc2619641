from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from community import (
    admin_site,  # noqa: F401  (the admin site class must be importable before admin.site)
    views,
)

community_patterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("borgere/", views.citizen_list, name="citizen-list"),
    path("borgere/eksport.csv", views.citizen_export, name="citizen-export"),
    path("borgere/<int:pk>/", views.citizen_detail, name="citizen-detail"),
    path("borgere/<int:pk>/slet/", views.citizen_erase, name="citizen-erase"),
    path("revisionslog/", views.audit_list, name="audit-list"),
    path("foreninger/ny/", views.association_register, name="association-register"),
    path(
        "foreninger/<int:pk>/boerneattest/",
        views.association_declare,
        name="association-declare",
    ),
    path(
        "foreninger/<int:pk>/repraesentant/",
        views.association_add_representative,
        name="association-add-representative",
    ),
    path(
        "foreninger/<int:pk>/ny-kalenderadresse/",
        views.association_rotate_feed,
        name="association-rotate-feed",
    ),
    path(
        "foreninger/<int:pk>/afgoer/",
        views.association_decide,
        name="association-decide",
    ),
    path("mine-oplysninger/", views.my_data, name="my-data"),
]

urlpatterns = [
    path("", include((community_patterns, "community"))),
    path("", include("bookings.urls")),
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

handler403 = "community.api_errors.permission_denied"
handler404 = "community.api_errors.page_not_found"
