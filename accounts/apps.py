from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与权限"

    def ready(self):
        from core.audit import register_actions

        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
