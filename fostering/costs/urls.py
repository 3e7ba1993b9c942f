"""Web pages for costs."""

from django.urls import path  # noqa: F401

app_name = "costs"
urlpatterns: list = []
