"""Web pages for carers' support."""

from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("delegated-authority/", views.delegation_list, name="delegation-list"),
    path("delegated-authority/<int:pk>/", views.delegation_edit, name="delegation-edit"),
    path("service-delegated-authority/", views.service_delegation_list, name="service-delegation-list"),
    path(
        "service-delegated-authority/<int:placement_id>/",
        views.service_delegation_detail,
        name="service-delegation-detail",
    ),
    path("my-delegated-authority/", views.my_delegated_authority, name="my-delegated-authority"),
    path("allegations/", views.allegation_list, name="allegations"),
    path("allegations/target/", views.allegation_target, name="allegation-target"),
    path("allegations/figures/", views.allegation_figures, name="allegation-figures"),
    path("allegations/<int:pk>/", views.allegation_detail, name="allegation-detail"),
    path("households/<int:pk>/", views.household_support, name="household"),
    path("households/<int:household_pk>/allegations/new/", views.allegation_new, name="allegation-new"),
    path("networks/", views.network_list, name="networks"),
    path("networks/<int:pk>/", views.network_detail, name="network-detail"),
    path("networks/new/", views.network_new, name="network-new"),
    path("networks/analytics/", views.network_analytics, name="network-analytics"),
    path("staying-put/", views.staying_put_list, name="staying-put"),
    path("staying-put/<int:child_pk>/", views.staying_put_record, name="staying-put-record"),
]
