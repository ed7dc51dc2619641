from django.urls import path

from maps import api, ogc, views

app_name = "maps"

urlpatterns = [
    path("", views.map_view, name="map"),
    path("omraade/<slug:area_slug>/", views.map_view, name="area-map"),
    path("liste/", views.facility_list, name="facility-list"),
    path("indlejret/", views.embed, name="embed"),
    path("del/", views.share, name="share"),
    path("facilitet/<int:pk>/", views.facility_detail, name="facility-detail"),
    path("facilitet/<int:pk>/gpx/", views.facility_gpx, name="facility-gpx"),
    path("facilitet/<int:pk>/meld-problem/", views.problem_create, name="problem-create"),
    path("meldinger/", views.problem_list, name="problem-list"),
    path("meldinger/<int:pk>/foto/", views.problem_photo, name="problem-photo"),
    path("meldinger/<int:pk>/videre/", views.problem_advance, name="problem-advance"),
    path("api/facilities.geojson", api.FacilitiesGeoJSON.as_view(), name="api-facilities"),
    path(
        "api/facilities-download.geojson",
        api.FacilitiesDownload.as_view(),
        name="api-facilities-download",
    ),
    path("api/areas.geojson", api.AreasGeoJSON.as_view(), name="api-areas"),
    path("api/places.geojson", api.PlacesGeoJSON.as_view(), name="api-places"),
    # OGC API – Features (maps/ogc.py); ids are read as text so a bad one gets the API's own 404.
    path("ogc/", ogc.landing, name="ogc-landing"),
    path("ogc/conformance", ogc.conformance, name="ogc-conformance"),
    path("ogc/collections", ogc.collection_list, name="ogc-collections"),
    path("ogc/collections/<str:collection_id>", ogc.collection_detail, name="ogc-collection"),
    path("ogc/collections/<str:collection_id>/items", ogc.items, name="ogc-items"),
    path("ogc/collections/<str:collection_id>/items/<str:fid>", ogc.item, name="ogc-item"),
]
