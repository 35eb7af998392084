from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础"

    def ready(self):
        from . import signals  # noqa: F401
        from .audit import register_actions
        from .demo import ACTION_LABELS
        from .metrics import checks  # noqa: F401

        register_actions(ACTION_LABELS)

        # A stored date-time outside what local time can represent renders as stored, not as a 500 (core.dates).
        from django.template import base as template_base

        from .dates import safe_template_localtime

        template_base.template_localtime = safe_template_localtime

        # /sysadmin/ (Django's admin) is titled for the platform.
        from django.contrib import admin

        admin.site.site_header = "工会服务平台 · 系统管理"
        admin.site.site_title = "工会服务平台系统管理"
        admin.site.index_title = "数据维护"

        from .menus import MenuItem, register_menu

        register_menu(
            MenuItem(
                "audit",
                "审计日志",
                "bi-journal-text",
                "core:audit_list",
                permission="audit.view",
                order=100,
                namespaces=("core",),
            )
        )
