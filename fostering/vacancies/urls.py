"""Web pages for vacancies and holds."""

from django.urls import path  # noqa: F401

app_name = "vacancies"
urlpatterns: list = []
