from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与权限"

    def ready(self):
        from core.audit import register_actions
        from core.demo import register_demo_step

        from . import demo
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        # After the orgs (100) and the demo logins (110): more staff accounts for 账号管理 to show.
        register_demo_step(120, "staff_accounts", demo.build_staff_accounts)

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
