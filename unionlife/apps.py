from django.apps import AppConfig

# Who holds which union-life permission (docs/permissions.md says it in words):
# - unionlife.view: notices sent from the scope, and the deliveries of the orgs in it, with their returns;
# - unionlife.send: send notices and tasks to the sub-tree or its members, remind, export the returns;
# - unionlife.handle: read and report back for an org (the 工作台 shows what waits for the orgs one works for).
UNIONLIFE_WORK = {"unionlife.view", "unionlife.send", "unionlife.handle"}


class UnionLifeConfig(AppConfig):
    name = "unionlife"
    verbose_name = "基层基础"

    def ready(self):
        from accounts.roles import Role, add_permissions
        from core.audit import register_actions
        from core.demo import register_demo_step
        from core.menus import MemberTile, MenuItem, register_menu, register_tile, register_worklist

        from . import demo, metrics, selectors
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        add_permissions(Role.FEDERATION_ADMIN, UNIONLIFE_WORK)
        add_permissions(Role.UNION_ADMIN, UNIONLIFE_WORK)
        metrics.register()
        # After places (the last of the earlier steps): notices go to the whole demo tree and its members.
        register_demo_step(400, "unionlife", demo.build_unionlife)
        register_menu(
            MenuItem(
                "unionlife",
                "通知与任务",
                "bi-megaphone",
                "unionlife:notices",
                permission="unionlife.view",
                order=45,
                namespaces=("unionlife",),
                badge=selectors.badge,
            )
        )
        register_tile(
            MemberTile(
                "unionlife",
                "工会通知",
                "bi-megaphone",
                "unionlife:member_notices",
                note="政策宣传、镇工有宣",
                order=15,
                audience="members",
            )
        )
        register_worklist("unionlife", selectors.todo, order=5)
