from django.urls import path

from volunteers.views import coordination, opportunities, own

app_name = "volunteers"

urlpatterns = [
    path("bliv-frivillig/", own.signup, name="signup"),
    path("mig/", own.mine, name="mine"),
    path("mig/oplysninger/", own.profile, name="profile"),
    path("mig/timer/", own.hours_log, name="hours-log"),
    path("mig/e-mails/", own.preferences, name="preferences"),
    path(
        "mig/ansoegning/<int:pk>/traek-tilbage/",
        own.application_withdraw,
        name="application-withdraw",
    ),
    path("mig/venteliste/<int:pk>/tag-pladsen/", own.waitlist_accept, name="waitlist-accept"),
    path("mig/venteliste/<int:pk>/forlad/", own.waitlist_leave, name="waitlist-leave"),
    path("link/<str:token>/", own.action, name="action"),
    path("opgaver/", opportunities.opportunity_list, name="opportunity-list"),
    path("opgaver/ny/", opportunities.opportunity_create, name="opportunity-create"),
    path("opgaver/mine/", opportunities.opportunity_mine, name="opportunity-mine"),
    path("opgaver/<int:pk>/", opportunities.opportunity_detail, name="opportunity-detail"),
    path("opgaver/<int:pk>/venteliste/", opportunities.waitlist_join, name="waitlist-join"),
    path(
        "opgaver/<int:pk>/ansoegninger/",
        opportunities.opportunity_manage,
        name="opportunity-manage",
    ),
    path("opgaver/<int:pk>/rediger/", opportunities.opportunity_edit, name="opportunity-edit"),
    path("opgaver/<int:pk>/luk/", opportunities.opportunity_close, name="opportunity-close"),
    path("koordinator/", coordination.dashboard, name="dashboard"),
    path("koordinator/frivillige/", coordination.volunteer_list, name="volunteer-list"),
    path(
        "koordinator/frivillige/<int:pk>/",
        coordination.volunteer_detail,
        name="volunteer-detail",
    ),
    path("koordinator/timer/", coordination.hours_approve, name="hours-approve"),
    path("koordinator/timer/<int:pk>/ret/", coordination.hours_edit, name="hours-edit"),
    path("koordinator/eksport.csv", coordination.export, name="export"),
]
