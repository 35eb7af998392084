from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "会员"

    def ready(self):
        from core.audit import register_actions
        from orgs.selectors import register_coverage

        from .selectors import member_figures
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        register_coverage(member_figures)
