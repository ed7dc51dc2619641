from django.urls import path

from matching import views, views_ways_in

app_name = "matching"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("oenske/", views_ways_in.need_request, name="need-request"),
    path("oenske/tak/", views.need_request_done, name="need-request-done"),
    path("oenske/modtaget/", views_ways_in.need_request_received, name="need-request-received"),
    path("opkald/", views_ways_in.intake, name="intake"),
    path("behov/", views.need_list, name="need-list"),
    path("behov/ny/", views.need_create, name="need-create"),
    path("behov/<int:pk>/", views.need_detail, name="need-detail"),
    path("behov/<int:pk>/godkend/", views.need_review, name="need-review"),
    path("behov/<int:pk>/luk/", views.need_withdraw, name="need-withdraw"),
    path("koersel/", views.run_create, name="run-create"),
    path("koersel/<int:pk>/", views.run_detail, name="run-detail"),
    path("forslag/", views.proposal_list, name="proposal-list"),
    path("forslag/<int:pk>/godkend/", views.proposal_accept, name="proposal-accept"),
    path("forslag/<int:pk>/afvis/", views.proposal_reject, name="proposal-reject"),
    path("forslag/<int:pk>/vaelg/", views.proposal_promote, name="proposal-promote"),
    path("aftaler/", views.match_list, name="match-list"),
    path("aftaler/<int:pk>/", views.match_detail, name="match-detail"),
    path("aftaler/<int:pk>/samtykke/", views.match_consent, name="match-consent"),
    path("aftaler/<int:pk>/afslut/", views.match_end, name="match-end"),
    path("tal/", views.figures, name="figures"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/samtykke/", views.mine_consent, name="mine-consent"),
    path("svar/<str:token>/", views.answer, name="answer"),
    path(
        "mine/oenske/<int:pk>/traek-tilbage/",
        views_ways_in.mine_need_withdraw,
        name="mine-need-withdraw",
    ),
    path("opfoelgning/<int:pk>/", views.follow_up_answer, name="follow-up-answer"),
]
