"""Pages for home profiles at /homes/."""

from django.urls import path

from . import views

app_name = "homes"
urlpatterns = [
    path("", views.service_profiles, name="service-list"),
    path("my-home/", views.my_profile, name="my-profile"),
    path("household/<int:household_id>/", views.profile, name="profile"),
    path("household/<int:household_id>/print/", views.profile, {"printable": True}, name="print"),
    path("household/<int:household_id>/edit/", views.edit, name="edit"),
    path("household/<int:household_id>/photos/", views.manage_photos, name="photos"),
    path("household/<int:household_id>/share/", views.share, name="share"),
    path("photos/<int:photo_id>/", views.photo, name="photo"),
    path("photos/<int:photo_id>/remove/", views.remove_photo, name="remove-photo"),
    path("shares/", views.share_list, name="shares"),
    path("shares/<int:pk>/", views.share_created, name="share-created"),
    path("shares/<int:pk>/withdraw/", views.revoke, name="revoke"),
    path("s/<str:token>/", views.shared, name="shared"),
    path("s/<str:token>/photos/<int:photo_id>/", views.shared_photo, name="shared-photo"),
]
