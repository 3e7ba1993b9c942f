"""Web pages for children and needs profiles."""

from django.urls import path  # noqa: F401

app_name = "children"
urlpatterns: list = []
