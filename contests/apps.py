from django.apps import AppConfig

# Who holds which contests permission (docs/permissions.md says it in words):
# - contests.view: contests run in the scope, their events, entrants and results;
# - contests.manage: run a contest of an org in scope (events, rounds, judges, close entries, publish, propose);
# - contests.enter: enter members and teams of the scope in contests run above them.
# A judge needs none of these: their assignment to an event lets them see and score that event only.
WORK = {"contests.view", "contests.manage", "contests.enter"}


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = "劳动竞赛"

    def ready(self):
        from accounts.roles import Role, add_permissions
        from core.audit import register_actions
        from core.demo import register_demo_step
        from core.menus import MemberTile, MenuItem, register_menu, register_tile, register_worklist

        from . import demo, metrics, selectors
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        add_permissions(Role.FEDERATION_ADMIN, WORK)
        add_permissions(Role.UNION_ADMIN, WORK)
        metrics.register()
        # After honours: the demo's winners are proposed for its titles.
        register_demo_step(460, "contests", demo.build_contests)
        register_menu(
            MenuItem(
                "contests",
                "劳动竞赛",
                "bi-trophy",
                "contests:contests",
                permission="contests.view",
                order=51,
                namespaces=("contests",),
                url_names=lambda name: not name.startswith("judg"),
            )
        )
        register_tile(
            MemberTile(
                "contests", "劳动竞赛", "bi-trophy", "contests:member_contests", note="技术比武报名", order=55,
                audience="members",
            )
        )  # fmt: skip
        register_worklist("contests", selectors.todo, order=31)
