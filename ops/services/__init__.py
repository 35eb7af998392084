"""The operations workflows, one module each: ``backup`` (archives and restores), ``rotation`` (the PII key),
``retention`` (expired files and codes) and ``health`` (what ``/healthz`` and the console report)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "ops.backup.created": _("创建备份"),
    "ops.backup.restored": _("从备份恢复"),
    "ops.backup.pruned": _("清理过期备份"),
    "ops.pii_key.rotation_started": _("开始轮换个人信息密钥"),
    "ops.pii_key.rotated": _("轮换个人信息密钥"),
    "ops.retention.applied": _("清理过期数据"),
}
