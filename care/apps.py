from django.apps import AppConfig

# Who holds which care permission (docs/permissions.md says it in words):
# - care.view: programmes, budgets and payouts (names and amounts, no hardship details);
# - care.files: the hardship archive (困难职工档案) itself; only the 关爱专员 role carries it;
# - care.propose / care.approve: a union proposes, the org above it approves within budget;
# - care.verify: the town confirms a union's hardship file (核实);
# - care.manage: programmes, budgets, income lines;
# - care.export_pii: hardship exports unmasked (with a reason; 个人信息查看员).
CARE_VIEW = {"care.view"}
CARE_OFFICER = {
    "care.view",
    "care.files",
    "care.propose",
    "care.approve",
    "care.verify",
    "care.manage",
    "care.enrol",
    "care.claims",
    "care.checks",
}


class CareConfig(AppConfig):
    name = "care"
    verbose_name = "关心关爱"

    def ready(self):
        from accounts.roles import Role, add_permissions, register_role
        from core.audit import register_actions
        from core.demo import register_demo_step
        from core.menus import MemberTile, MenuItem, register_menu, register_tile, register_worklist

        from . import demo, metrics, selectors
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        register_role("care_officer", "关爱专员", CARE_OFFICER)
        add_permissions(
            Role.FEDERATION_ADMIN,
            {"care.view", "care.approve", "care.manage", "care.enrol", "care.claims", "care.checks"},
        )
        add_permissions(Role.UNION_ADMIN, {"care.view", "care.propose", "care.enrol", "care.checks"})
        add_permissions(Role.PII_OFFICER, {"care.export_pii"})
        # After the roster (200), activities (250) and appeals (300).
        register_demo_step(350, "care", demo.build_care)
        metrics.register()
        register_menu(
            MenuItem(
                "care",
                "关心关爱",
                "bi-heart-pulse",
                "care:programme_list",
                permission="care.view",
                order=55,
                namespaces=("care",),
            )
        )
        register_tile(
            MemberTile(
                "care",
                "关心关爱",
                "bi-heart-pulse",
                "care:member_home",
                note="我的慰问、互助保障、体检疗休养",
                order=35,
                audience="members",
            )
        )
        register_worklist("care", selectors.todo, order=30)
