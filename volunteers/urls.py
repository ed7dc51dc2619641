from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("bliv-frivillig/", views.signup, name="signup"),
    path("mig/", views.mine, name="mine"),
    path("mig/oplysninger/", views.profile, name="profile"),
    path("mig/timer/", views.hours_log, name="hours-log"),
    path("mig/e-mails/", views.preferences, name="preferences"),
    path(
        "mig/ansoegning/<int:pk>/traek-tilbage/",
        views.application_withdraw,
        name="application-withdraw",
    ),
    path("link/<str:token>/", views.action, name="action"),
    path("opgaver/", views.opportunity_list, name="opportunity-list"),
    path("opgaver/ny/", views.opportunity_create, name="opportunity-create"),
    path("opgaver/mine/", views.opportunity_mine, name="opportunity-mine"),
    path("opgaver/<int:pk>/", views.opportunity_detail, name="opportunity-detail"),
    path("opgaver/<int:pk>/ansoegninger/", views.opportunity_manage, name="opportunity-manage"),
    path("opgaver/<int:pk>/rediger/", views.opportunity_edit, name="opportunity-edit"),
    path("opgaver/<int:pk>/luk/", views.opportunity_close, name="opportunity-close"),
    path("koordinator/", views.dashboard, name="dashboard"),
    path("koordinator/frivillige/", views.volunteer_list, name="volunteer-list"),
    path("koordinator/frivillige/<int:pk>/", views.volunteer_detail, name="volunteer-detail"),
    path("koordinator/timer/", views.hours_approve, name="hours-approve"),
    path("koordinator/eksport.csv", views.export, name="export"),
]
