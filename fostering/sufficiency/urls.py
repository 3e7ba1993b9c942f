"""Web pages for sufficiency."""

from django.urls import path

from . import views

app_name = "sufficiency"
urlpatterns: list = [
    path("", views.dashboard, name="dashboard"),
]
