"""One Django group per role of DESIGN.md §4."""

from django.db import migrations

ROLE_LABELS = [
    "Placement officer",
    "Fostering team",
    "Carer",
    "Commissioner",
    "Analyst",
    "Administrator",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for label in ROLE_LABELS:
        Group.objects.get_or_create(name=label)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
