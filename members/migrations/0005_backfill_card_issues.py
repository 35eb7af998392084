"""One card issue per member already on the roster, so the 发卡 figure and the e-card's 发卡日期 cover them: the
card they hold (or last held, for a membership that ended and voided it), issued when their record was made (the
platform had no earlier card). One INSERT … SELECT, whatever the roster's size."""

from django.db import migrations

HOLDING = ("active", "retained")


def backfill(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    CardIssue = apps.get_model("members", "CardIssue")
    q = schema_editor.connection.ops.quote_name
    issues, members = q(CardIssue._meta.db_table), q(Member._meta.db_table)
    # A membership that ended bumped the version to void its card: the card issued was the one before.
    version = (
        f"CASE WHEN m.{q('status')} IN (%s, %s) THEN m.{q('card_version')} "
        f"WHEN m.{q('card_version')} > 1 THEN m.{q('card_version')} - 1 ELSE 1 END"
    )
    sql = (
        f"INSERT INTO {issues} ({q('member_id')}, {q('version')}, {q('union_id')}, {q('reason')}, "
        f"{q('issued_at')}, {q('issued_by_id')}) "
        f"SELECT m.{q('id')}, {version}, m.{q('union_id')}, %s, m.{q('created_at')}, NULL FROM {members} m "
        f"WHERE NOT EXISTS (SELECT 1 FROM {issues} i WHERE i.{q('member_id')} = m.{q('id')})"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql, [*HOLDING, "first"])


class Migration(migrations.Migration):
    dependencies = [("members", "0004_card_issue")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
