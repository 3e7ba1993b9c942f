"""Web pages for children and needs profiles."""

from django.urls import path

from . import views

app_name = "children"
urlpatterns = [
    path("", views.child_list, name="list"),
    path("cohort/", views.cohort, name="cohort"),
    path("<int:pk>/", views.child_detail, name="detail"),
    path("<int:pk>/details/", views.details_edit, name="details-edit"),
    path("<int:pk>/needs/", views.needs_history, name="needs-history"),
    path("<int:pk>/needs/new/", views.needs_new, name="needs-new"),
    path("<int:pk>/voice/", views.voice_edit, name="voice"),
    path("<int:pk>/people/", views.important_people, name="people"),
    path("<int:pk>/people/<int:person_pk>/remove/", views.important_person_remove, name="person-remove"),
]
