from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "活动"

    def ready(self):
        from core.audit import register_actions

        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        from core.demo import register_demo_step

        from . import demo

        # Series, partners, proposals and a year of activities, after the roster (members: 200).
        register_demo_step(250, "activities", demo.build_activities)
        from . import metrics

        metrics.register()  # figures for the reports module (reports.registry)
