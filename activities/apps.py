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

        metrics.register()  # figures for the reports module (core.metrics)

        from core.menus import MemberTile, MenuItem, register_menu, register_tile, register_worklist

        from . import selectors

        register_menu(
            MenuItem(
                "activities",
                "活动管理",
                "bi-calendar-event",
                "activities:staff_list",
                permission="activities.view",
                order=40,
                namespaces=("activities",),
            )
        )
        register_worklist("activities", selectors.work_items, order=40)
        register_tile(
            MemberTile(
                "activities",
                "活动报名",
                "bi-calendar-event",
                "activities:member_list",
                note="文体活动、讲座培训，在线报名",
                order=20,
            )
        )
