"""Web pages for costs."""

from django.urls import path

from . import views

app_name = "costs"
urlpatterns: list = [
    path("", views.dashboard, name="dashboard"),
]
