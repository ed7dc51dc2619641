from django.urls import path

from hearings import views

app_name = "hearings"

urlpatterns = [
    path("", views.hearing_list, name="list"),
    path("deltagelse/", views.participation, name="participation"),
    path("mine/", views.manage, name="manage"),
    path("ny/", views.hearing_edit, name="create"),
    path("bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("<int:pk>/", views.hearing_detail, name="detail"),
    path("<int:pk>/rediger/", views.hearing_edit, name="edit"),
    path("<int:pk>/tjek-din-mail/", views.check_mail, name="check-mail"),
    path("<int:pk>/tak/", views.thanks, name="thanks"),
    path("<int:pk>/resultat/", views.hearing_results, name="results"),
    path("<int:pk>/offentliggoer/", views.hearing_publish, name="publish"),
    path("stop/<str:token>/", views.unfollow, name="unfollow"),
]
