"""Web pages for placements."""

from django.urls import path  # noqa: F401

app_name = "placements"
urlpatterns: list = []
