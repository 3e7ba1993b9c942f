"""Web pages for children's experience."""

from django.urls import path

from . import views

app_name = "experience"
urlpatterns = [
    path("s/<str:token>/", views.survey, name="survey"),
    path("survey-links/", views.links_page, name="links"),
    path("survey-links/<int:round_id>/issue/", views.issue_links, name="issue-links"),
    path("survey-links/<int:round_id>/one-child/", views.issue_one_link, name="issue-one-link"),
    path("results/", views.results_page, name="results"),
    path("results/what-would-make-care-better/", views.comments_page, name="comments"),
    path("rights/", views.rights_index, name="rights-index"),
    path("rights/<str:age_group>/", views.rights, name="rights"),
    path("advocacy/", views.advocacy_edit, name="advocacy"),
]
