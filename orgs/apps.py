from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = "工会组织"

    def ready(self):
        from core.audit import register_actions
        from core.demo import register_demo_step

        from . import demo
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        # The demo district (manage.py seed_demo): the tree and employers first, then the staff logins.
        register_demo_step(100, "orgs", demo.build_orgs, present=demo.orgs_demo_present)
        register_demo_step(110, "accounts", demo.build_accounts)
        from . import metrics

        metrics.register()  # figures for the reports module (core.metrics)

        from core.menus import MenuItem, register_menu

        register_menu(
            MenuItem(
                "orgs",
                "组织架构",
                "bi-diagram-3",
                "orgs:tree",
                permission="orgs.view",
                order=10,
                namespaces=("orgs",),
                url_names=lambda name: "enterprise" not in name,
            )
        )
        register_menu(
            MenuItem(
                "enterprises",
                "企业名录",
                "bi-buildings",
                "orgs:enterprise_list",
                permission="enterprises.view",
                order=20,
                namespaces=("orgs",),
                url_names=lambda name: "enterprise" in name,
            )
        )
