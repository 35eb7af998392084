"""The default checklist of a labour-law supervision inspection (configurable afterwards in the admin)."""

from django.db import migrations

ITEMS = [
    ("contract", "劳动合同签订", 10),
    ("wages", "工资支付", 20),
    ("hours", "工时休假", 30),
    ("social_insurance", "社会保险", 40),
    ("safety", "安全生产", 50),
    ("women", "女职工保护", 60),
    ("collective_contract", "集体合同履行", 70),
    ("democratic", "厂务公开与民主管理", 80),
]


def seed(apps, schema_editor):
    ChecklistItem = apps.get_model("rights", "ChecklistItem")
    for code, label, order in ITEMS:
        ChecklistItem.objects.get_or_create(code=code, defaults={"label": label, "order": order})


class Migration(migrations.Migration):
    dependencies = [("rights", "0002_supervision")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
