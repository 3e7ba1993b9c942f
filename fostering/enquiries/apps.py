from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "fostering.enquiries"
    verbose_name = "Enquiries (front door)"
