"""Web pages for register of households."""

from django.urls import path  # noqa: F401

app_name = "register"
urlpatterns: list = []
