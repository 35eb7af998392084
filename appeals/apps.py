from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = "诉求与建议"

    def ready(self):
        from core.audit import register_actions

        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
