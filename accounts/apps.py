from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与权限"

    def ready(self):
        from core.audit import register_actions

        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)

        from core.menus import MenuItem, register_menu

        register_menu(
            MenuItem(
                "staff_accounts",
                "账号管理",
                "bi-person-gear",
                "staff_accounts:list",
                permission="accounts.manage",
                order=90,
                namespaces=("staff_accounts",),
            )
        )
