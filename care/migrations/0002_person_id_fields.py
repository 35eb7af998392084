"""Files and payouts carry a person's ID like the roster does (``id_type``, ``id_cipher``, ``id_hash``), so the PII
key rotation re-encrypts and re-hashes them with the members."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(model_name="hardshipfile", name="care_file_one_open_per_person"),
        migrations.RemoveConstraint(model_name="payout", name="care_payout_once_per_person"),
        migrations.RenameField(model_name="hardshipfile", old_name="person_key", new_name="id_hash"),
        migrations.RenameField(model_name="payout", old_name="person_key", new_name="id_hash"),
        migrations.AddField(
            model_name="hardshipfile",
            name="id_type",
            field=models.CharField(default="resident", editable=False, max_length=20, verbose_name="证件类型"),
        ),
        migrations.AddField(
            model_name="payout",
            name="id_type",
            field=models.CharField(default="resident", editable=False, max_length=20, verbose_name="证件类型"),
        ),
        migrations.AddField(
            model_name="payout",
            name="id_cipher",
            field=models.TextField(default="", editable=False, verbose_name="证件号（密文）"),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="hardshipfile",
            constraint=models.UniqueConstraint(
                condition=~Q(status="closed"), fields=("id_hash",), name="care_file_one_open_per_person"
            ),
        ),
        migrations.AddConstraint(
            model_name="payout",
            constraint=models.UniqueConstraint(
                condition=~Q(status="rejected"), fields=("programme", "id_hash"), name="care_payout_once_per_person"
            ),
        ),
    ]
