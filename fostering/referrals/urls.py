"""Web pages for referrals."""

from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_new, name="new"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/print/", views.referral_print, name="print"),
    path("<int:pk>/summary/", views.referral_summary, name="summary"),
    path("<int:pk>/status/<str:to>/", views.referral_transition, name="transition"),
]
