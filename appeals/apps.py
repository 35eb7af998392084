from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = "诉求与建议"

    def ready(self):
        from core.audit import register_actions

        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        from core.demo import register_demo_step

        from . import demo

        # A year of appeals in the demo district, after its roster (members: 200).
        register_demo_step(300, "appeals", demo.build_appeals)
        from . import metrics

        metrics.register()  # figures for the reports module (core.metrics)

        from core.menus import MemberTile, MenuItem, register_menu, register_tile, register_worklist

        from . import selectors

        register_menu(
            MenuItem(
                "appeals",
                "诉求与建议",
                "bi-chat-heart",
                "appeals:queue",
                permission="appeals.view",
                order=50,
                namespaces=("appeals",),
                badge=selectors.menu_badge,
            )
        )
        register_worklist("appeals", selectors.work_items, order=10)
        register_tile(
            MemberTile("appeals", "诉求与建议", "bi-chat-heart", "appeals:index", note="限时受理，件件回音", order=30)
        )
