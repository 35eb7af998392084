from django.apps import AppConfig

# Who holds which benefits permission (docs/permissions.md says it in words):
# - benefits.view: merchants, offers, redemptions, draws and entries of the sub-tree;
# - benefits.manage: sign merchants (and their partner logins), publish offers, run draws, mark prizes collected.
BENEFITS_WORK = {"benefits.view", "benefits.manage"}


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "会员普惠"

    def ready(self):
        from accounts.roles import Role, add_permissions
        from core.audit import register_actions
        from core.demo import register_demo_step
        from core.menus import MemberTile, MenuItem, register_menu, register_tile

        from . import demo, metrics
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        add_permissions(Role.FEDERATION_ADMIN, BENEFITS_WORK)
        add_permissions(Role.UNION_ADMIN, BENEFITS_WORK)
        metrics.register()
        # After the members (the demo member claims and enters) and the other union-life steps.
        register_demo_step(450, "benefits", demo.build_benefits)
        register_menu(
            MenuItem(
                "benefits",
                "会员普惠",
                "bi-shop",
                "benefits:merchants",
                permission="benefits.view",
                order=48,
                namespaces=("benefits",),
            )
        )
        register_tile(
            MemberTile(
                "benefits",
                "会员普惠",
                "bi-gift",
                "benefits:member_offers",
                note="商户优惠、好运抽奖",
                order=45,
                audience="members",
            )
        )
