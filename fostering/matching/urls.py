"""Web pages for matching."""

from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("referrals/<int:pk>/", views.referral_matching, name="referral"),
    path("referrals/<int:pk>/hold/", views.hold, name="hold"),
    path("referrals/<int:pk>/holds/<int:hold_id>/release/", views.release, name="release"),
    path("referrals/<int:pk>/share/", views.share, name="share"),
    path("referrals/<int:pk>/offers/<int:offer_id>/accept/", views.accept, name="accept"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:share_id>/", views.inbox_share, name="inbox-share"),
    path("carer/referrals/", views.carer_referrals, name="carer-referrals"),
    path("carer/referrals/<int:pk>/interest/", views.carer_interest, name="carer-interest"),
]
