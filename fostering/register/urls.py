"""Web pages for the register of households."""

from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("households/", views.household_list, name="household-list"),
    path("households/new/", views.household_new, name="household-new"),
    path("households/upload/", views.household_upload, name="household-upload"),
    path("households/<int:pk>/", views.household_detail, name="household-detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household-edit"),
    path("households/<int:pk>/status/", views.household_status, name="household-status"),
    path("households/<int:pk>/training/", views.household_training, name="household-training"),
    path("households/<int:pk>/capability/", views.household_capability, name="household-capability"),
    path("households/<int:pk>/approval/", views.household_approval, name="household-approval"),
    path("households/<int:pk>/transfer/", views.household_transfer, name="household-transfer"),
    path("households/<int:pk>/preferences/", views.household_preferences, name="household-preferences"),
    path("households/<int:pk>/carers/new/", views.carer_new, name="carer-new"),
    path("households/<int:pk>/carers/<int:carer_pk>/", views.carer_edit, name="carer-edit"),
    path("my-household/", views.my_household, name="my-household"),
    path("my-household/preferences/", views.my_preferences, name="my-preferences"),
]
