from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "会员"

    def ready(self):
        from core.audit import register_actions
        from core.demo import register_demo_step
        from orgs.selectors import register_coverage

        from . import demo
        from .selectors import member_figures
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        register_coverage(member_figures)
        # The demo district's roster, after the orgs (100) and the staff logins (110).
        register_demo_step(200, "members", demo.build_members)
        from . import metrics

        metrics.register()  # figures for the reports module (reports.registry)
