"""Web pages for sufficiency."""

from django.urls import path  # noqa: F401

app_name = "sufficiency"
urlpatterns: list = []
