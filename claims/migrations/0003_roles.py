"""The curator and analyst groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED_MODELS = {
    "sources": ["outlet", "origin", "article", "merge"],
    "claims": ["claim", "claimlink", "topic"],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curator, _ = Group.objects.get_or_create(name="curator")
    analyst, _ = Group.objects.get_or_create(name="analyst")
    for app_label, models in CURATED_MODELS.items():
        for model in models:
            perms = Permission.objects.filter(
                content_type__app_label=app_label, content_type__model=model
            )
            curator.permissions.add(*perms)
            analyst.permissions.add(*perms.filter(codename__startswith="view_"))
            # History views need the historical models' view permission too.
            historical = Permission.objects.filter(
                content_type__app_label=app_label, content_type__model=f"historical{model}"
            )
            curator.permissions.add(*historical)
            analyst.permissions.add(*historical.filter(codename__startswith="view_"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["curator", "analyst"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_search_index"),
        ("sources", "0002_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
