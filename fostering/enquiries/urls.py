"""Web pages for enquiries (front door) at /fostering/."""

from django.urls import path

from . import views

app_name = "enquiries"
urlpatterns = [
    path("", views.start, name="start"),
    path("enquire/check-your-answers/", views.check, name="check"),
    path("enquire/choose-services/", views.choose, name="choose"),
    path("enquire/sent/", views.sent, name="sent"),
    path("enquire/<slug:slug>/", views.step, name="step"),
    path("enquiries/", views.queue, name="queue"),
    path("enquiries/measures/", views.measures, name="measures"),
    path("enquiries/comparison/", views.comparison_page, name="comparison"),
    path("enquiries/<int:pk>/", views.detail, name="detail"),
    path("enquiries/<int:pk>/approve/", views.approve, name="approve"),
]
