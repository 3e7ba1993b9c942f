"""Web pages for vacancies and holds."""

from django.urls import path

from . import views

app_name = "vacancies"
urlpatterns = [
    path("service/", views.service_vacancies, name="service-vacancies"),
    path("households/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("households/<int:pk>/availability/", views.household_availability, name="household-availability"),
    path("households/<int:pk>/hold/", views.hold, name="hold"),
    path("holds/", views.holds, name="holds"),
    path("holds/<int:pk>/release/", views.release, name="release"),
    path("my-availability/", views.my_availability, name="my-availability"),
]
