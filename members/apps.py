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

        metrics.register()  # figures for the reports module (core.metrics)

        from core.menus import MemberTile, MenuItem, register_menu, register_tile, register_worklist

        from . import selectors

        register_menu(
            MenuItem(
                "members",
                "会员名册",
                "bi-person-vcard",
                "members:list",
                permission="members.view",
                order=30,
                namespaces=("members",),
                url_names=lambda name: name != "transfers" and "application" not in name,
            )
        )
        register_menu(
            MenuItem(
                "transfers",
                "转会",
                "bi-arrow-left-right",
                "members:transfers",
                permission="members.transfer",
                order=32,
                namespaces=("members",),
                url_names=lambda name: name == "transfers",
                badge=selectors.transfers_badge,
            )
        )
        register_menu(
            MenuItem(
                "applications",
                "入会审核",
                "bi-person-check",
                "members:application_list",
                permission="members.approve",
                order=34,
                namespaces=("members",),
                url_names=lambda name: "application" in name,
                badge=selectors.applications_badge,
            )
        )
        register_worklist("members", selectors.work_items, order=20)
        register_tile(
            MemberTile(
                "join",
                "申请入会",
                "bi-person-plus",
                "members:join",
                note="网上填写，工会审核",
                order=10,
                audience="guests",
            )
        )
        register_tile(
            MemberTile(
                "card", "电子会员证", "bi-credit-card-2-front", "members:card", note="出示二维码，扫码验证", order=40
            )
        )
