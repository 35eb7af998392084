from django.apps import AppConfig

# Who holds which honours permission (docs/permissions.md says it in words):
# - honours.view: the register, nominations and titles of the scope;
# - honours.nominate: nominate members and collectives of the scope, record honours held;
# - honours.review: review the nominations waiting for an org of the scope (each level up to the district);
# - honours.titles: set the district's titles (its own 工匠 name …).
UNION_WORK = {"honours.view", "honours.nominate"}
FEDERATION_WORK = UNION_WORK | {"honours.review", "honours.titles"}


class HonoursConfig(AppConfig):
    name = "honours"
    verbose_name = "荣誉"

    def ready(self):
        from accounts.roles import Role, add_permissions
        from core.audit import register_actions
        from core.demo import register_demo_step
        from core.menus import MemberTile, MenuItem, register_menu, register_tile, register_worklist

        from . import demo, metrics, selectors
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        add_permissions(Role.FEDERATION_ADMIN, FEDERATION_WORK)
        add_permissions(Role.UNION_ADMIN, UNION_WORK)
        metrics.register()
        register_demo_step(450, "honours", demo.build_honours)
        register_menu(
            MenuItem(
                "honours",
                "荣誉",
                "bi-award",
                "honours:awards",
                permission="honours.view",
                order=52,
                namespaces=("honours",),
                badge=selectors.badge,
            )
        )
        register_tile(
            MemberTile("honours", "我的荣誉", "bi-award", "honours:member_honours", order=60, audience="members")
        )
        register_worklist("honours", selectors.todo, order=30)
