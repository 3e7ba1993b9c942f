"""Web pages for interoperability (SSDA903)."""

from django.urls import path

from . import views

app_name = "interop"
urlpatterns = [
    path("ssda903/upload/", views.upload, name="ssda903-upload"),
]
