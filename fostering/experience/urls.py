"""Web pages for children's experience."""

from django.urls import path  # noqa: F401

app_name = "experience"
urlpatterns: list = []
