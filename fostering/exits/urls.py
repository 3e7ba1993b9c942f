"""Pages for carers leaving, at /exits/."""

from django.urls import path

from . import views

app_name = "exits"
urlpatterns = [
    path("", views.departure_list, name="list"),
    path("record/", views.record, name="record"),
    path("analytics/", views.leaving_analytics, name="analytics"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/interview/", views.interview, name="interview"),
]
