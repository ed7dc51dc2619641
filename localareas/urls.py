from django.urls import path

from localareas import views

app_name = "localareas"

urlpatterns = [
    path("", views.area_list, name="area-list"),
    path("playmakere/", views.assignments, name="assignments"),
    path("lokalraad/<slug:slug>/rediger/", views.council_edit, name="council-edit"),
    path("<slug:slug>/", views.area_detail, name="area-detail"),
]
