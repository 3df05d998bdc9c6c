"""Seed the rate tables with the national pay scales shipped in pay/data (approximate public figures)."""

from django.db import migrations


def seed(apps, schema_editor):
    from pay.seed import load_national_scales

    load_national_scales(apps.get_model("pay", "PayRate"))


class Migration(migrations.Migration):
    dependencies = [("pay", "0001_rate_tables_overtime_budgets")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
