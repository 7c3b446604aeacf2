"""Editors run the desk from the admin: they may view every source and claims model (and the audit
events), and change sources, aliases, articles, feeds and claims (merges, re-extraction and
assignment are admin actions that need the change permission).  Nothing here grants delete."""

from django.db import migrations

VIEW_APPS = ("sources", "claims")
CHANGE = {
    "sources": ("source", "sourcealias", "article", "feed"),
    "claims": ("claim",),
}
ADD = {"sources": ("feed",)}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create them now to grant them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="editor")
    wanted = Permission.objects.filter(content_type__app_label__in=VIEW_APPS, codename__startswith="view_")
    editor.permissions.add(*wanted)
    for app_label, models in CHANGE.items():
        editor.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=[f"change_{m}" for m in models])
        )
    for app_label, models in ADD.items():
        editor.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=[f"add_{m}" for m in models])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_roles"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
