"""Existing abstraction types get the new flags their codes imply: staff may request annual leave, TOIL and RDiL
themselves, and approving them draws on a ledger. Types made later take the flags they are given."""

from django.db import migrations

SELF_SERVICE = {"annual-leave": "annual-leave", "toil": "toil", "rdil": "rdil"}
LEDGER_ONLY = {"bank-holiday-off": "public-holiday"}


def forwards(apps, schema_editor):
    AbstractionType = apps.get_model("absence", "AbstractionType")
    for code, ledger in SELF_SERVICE.items():
        AbstractionType.objects.filter(code=code).update(self_service=True, ledger=ledger)
    for code, ledger in LEDGER_ONLY.items():
        AbstractionType.objects.filter(code=code).update(ledger=ledger)


class Migration(migrations.Migration):

    dependencies = [
        ("absence", "0002_part_days_decisions_ledgers_policies"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
