from django.urls import path

from localareas import views, views_index
from localareas import views_workspace as ws

app_name = "localareas"

urlpatterns = [
    path("", views.area_list, name="area-list"),
    path("playmakere/", views.assignments, name="assignments"),
    path("indeks/", views_index.involvement, name="involvement"),
    path("lokalraad/<slug:slug>/rediger/", views.council_edit, name="council-edit"),
    path("lokalraad/<slug:slug>/medlemmer/", views.council_member_add, name="council-member-add"),
    path(
        "lokalraad/<slug:slug>/medlemmer/<int:pk>/fjern/",
        views.council_member_remove,
        name="council-member-remove",
    ),
    path(
        "lokalraad/<slug:slug>/medlemmer/<int:pk>/titel/",
        views.council_member_title,
        name="council-member-title",
    ),
    path(
        "lokalraad/<slug:slug>/invitationer/<int:pk>/traek-tilbage/",
        views.council_invitation_withdraw,
        name="council-invitation-withdraw",
    ),
    path("invitation/<str:token>/", views.council_invitation, name="council-invitation"),
    path("arbejdsrum/", ws.workspace, name="workspace"),
    path("arbejdsrum/moeder/", ws.meeting_list, name="meeting-list"),
    path("arbejdsrum/moeder/nyt/", ws.meeting_create, name="meeting-create"),
    path("arbejdsrum/moeder/<int:pk>/", ws.meeting_detail, name="meeting-detail"),
    path("arbejdsrum/moeder/<int:pk>/rediger/", ws.meeting_edit, name="meeting-edit"),
    path("arbejdsrum/projekter/nyt/", ws.project_create, name="project-create"),
    path("arbejdsrum/projekter/<int:pk>/rediger/", ws.project_edit, name="project-edit"),
    path("arbejdsrum/ressourcer/<int:pk>/rediger/", ws.resource_edit, name="resource-edit"),
    path("arbejdsrum/ressourcer/<int:pk>/slet/", ws.resource_delete, name="resource-delete"),
    path("arbejdsrum/ressourcer/<int:pk>/bekraeft/", ws.resource_verify, name="resource-verify"),
    path(
        "arbejdsrum/kontaktlog/<int:pk>/fulgt-op/",
        ws.contact_follow_up_done,
        name="contact-follow-up-done",
    ),
    path("arbejdsrum/<slug:slug>/", ws.workspace_area, name="workspace-area"),
    path("arbejdsrum/<slug:slug>/ressourcer/ny/", ws.resource_create, name="resource-create"),
    path("arbejdsrum/<slug:slug>/kontaktlog/ny/", ws.contact_create, name="contact-create"),
    path("<slug:slug>/", views.area_detail, name="area-detail"),
    path("<slug:slug>/rapport/", views.area_report, name="area-report"),
]
