from django.urls import path

from maps import api, views

app_name = "maps"

urlpatterns = [
    path("", views.map_view, name="map"),
    path("omraade/<slug:area_slug>/", views.map_view, name="area-map"),
    path("liste/", views.facility_list, name="facility-list"),
    path("indlejret/", views.embed, name="embed"),
    path("del/", views.share, name="share"),
    path("facilitet/<int:pk>/", views.facility_detail, name="facility-detail"),
    path("facilitet/<int:pk>/meld-problem/", views.problem_create, name="problem-create"),
    path("meldinger/", views.problem_list, name="problem-list"),
    path("meldinger/<int:pk>/videre/", views.problem_advance, name="problem-advance"),
    path("api/facilities.geojson", api.FacilitiesGeoJSON.as_view(), name="api-facilities"),
    path("api/areas.geojson", api.AreasGeoJSON.as_view(), name="api-areas"),
    path("api/places.geojson", api.PlacesGeoJSON.as_view(), name="api-places"),
]
