"""Every refusal of the operations commands and pages: backups, restores, key rotation. Raised as
``errors.WRONG_BACKUP_KEY()``; docs/errors.md is generated from these."""

from django.utils.translation import gettext_lazy as _

from core.errors import PERMISSION_DENIED as PERMISSION_DENIED
from core.errors import ErrorCodes

codes = ErrorCodes("ops", "系统运行")

# --- Backups -----------------------------------------------------------------------------------------------------
BACKUP_DIR_MISSING = codes.define(
    "backup_dir_missing", _("备份目录：未指定备份目录（--to 或 BACKUP_DIR 设置）"), status=400
)
BACKUP_TOOL_FAILED = codes.define("backup_tool_failed", _("数据库导出失败：%(detail)s"), status=500)

# --- Restores: every one of these is raised before anything is written ----------------------------------------------
NOT_AN_ARCHIVE = codes.define("not_an_archive", _("备份文件：%(name)s 不是本平台的备份文件"), status=400)
WRONG_BACKUP_KEY = codes.define(
    "wrong_backup_key",
    _("备份密钥不匹配：该备份由密钥 %(archive)s 加密，当前配置的 BACKUP_KEY 为 %(ours)s，未写入任何数据"),
    status=400,
)
WRONG_PII_KEY = codes.define(
    "wrong_pii_key",
    _("个人信息密钥不匹配：备份中的证件号由密钥 %(archive)s 加密，当前配置的 PII_KEY 为 %(ours)s，未写入任何数据"),
    status=400,
)
ARCHIVE_DAMAGED = codes.define("archive_damaged", _("备份文件已损坏或被篡改：%(detail)s，未写入任何数据"), status=400)
NEWER_SCHEMA = codes.define(
    "archive_newer_schema",
    _("备份来自更新的版本：本程序没有迁移 %(migrations)s，请先升级程序再恢复，未写入任何数据"),
    status=400,
)
WRONG_DATABASE = codes.define(
    "archive_other_database",
    _("数据库类型不符：备份来自 %(archive)s，当前数据库为 %(ours)s，未写入任何数据"),
    status=400,
)
TARGET_NOT_EMPTY = codes.define(
    "restore_target_not_empty",
    _("恢复目标不是空的：%(what)s，请恢复到空的数据库和文件目录，未写入任何数据"),
    status=409,
)
RESTORE_MISMATCH = codes.define("restore_mismatch", _("恢复后核对不一致：%(detail)s"), status=500)

# --- Key rotation ------------------------------------------------------------------------------------------------
UNREADABLE_CIPHERTEXT = codes.define(
    "pii_unreadable",
    _("%(model)s #%(pk)s 的证件号无法用已配置的密钥解密（PII_KEY、PII_OLD_KEYS），请补充旧密钥后重试"),
    status=500,
)
