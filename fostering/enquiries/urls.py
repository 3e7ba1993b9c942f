"""Web pages for enquiries (front door)."""

from django.urls import path  # noqa: F401

app_name = "enquiries"
urlpatterns: list = []
