from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "统计报表"

    def ready(self):
        from core.demo import register_demo_step

        from .rollups import build_demo_rollups

        # After every step that writes records: the demo district starts with fresh rollups.
        register_demo_step(900, "reports", build_demo_rollups)

        from core.menus import MenuItem, register_menu

        register_menu(
            MenuItem(
                "reports",
                "统计报表",
                "bi-bar-chart-line",
                "reports:index",
                permission="reports.view",
                order=90,
                namespaces=("reports",),
            )
        )
