from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "rights"
    verbose_name = "维权维稳"

    def ready(self):
        from accounts.roles import Role, add_permissions
        from appeals.timeline import register_linked_steps
        from core.audit import register_actions
        from core.demo import register_demo_step
        from core.menus import MemberTile, MenuItem, register_menu, register_tile, register_worklist

        from . import demo, metrics, selectors
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        metrics.register()
        work = {"rights.view", "rights.handle"}
        add_permissions(Role.FEDERATION_ADMIN, work)
        add_permissions(Role.UNION_ADMIN, work)
        # The privacy officer may read a case (to reveal its parties' ID numbers, with a reason), nothing more.
        add_permissions(Role.PII_OFFICER, {"rights.view", "rights.view_pii"})
        # A year of cases after the appeals (300) they come from.
        register_demo_step(320, "rights", demo.build_rights)
        register_menu(
            MenuItem(
                "rights",
                "维权维稳",
                "bi-shield-check",
                "rights:cases",
                permission="rights.view",
                order=55,
                namespaces=("rights",),
            )
        )
        register_worklist("rights", selectors.work_items, order=55)
        # The worker's phone pages: apply for legal aid, follow legal aid and mediation.
        register_tile(
            MemberTile(
                "rights", "维权服务", "bi-shield-check", "rights:worker_home", note="法律援助 · 调解进度", order=35
            )
        )
        # A mediation case opened from an appeal shows its public steps on the appeal's worker timeline.
        register_linked_steps(selectors.appeal_case_steps)
