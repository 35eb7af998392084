from django.apps import AppConfig

# Who holds which union-life permission (docs/permissions.md says it in words):
# - unionlife.view: notices sent from the scope, and the deliveries of the orgs in it, with their returns;
# - unionlife.send: send notices and tasks to the sub-tree or its members, remind, export the returns;
# - unionlife.handle: read and report back for an org (the 工作台 shows what waits for the orgs one works for);
# - unionlife.officers: committees, congresses (换届) and a town's part-time vice-chairs;
# - unionlife.alliances: pairings (结对共建) and alliances (工会联盟) the org keeps (seeing them is unionlife.view).
OFFICER_PAGES = {"committees", "committee", "congress"}
UNIONLIFE_WORK = {"unionlife.view", "unionlife.send", "unionlife.handle", "unionlife.officers", "unionlife.alliances"}
ALLIANCE_PAGES = ("alliance", "pairing")
# The 星级 assessment is decided above the union: the district defines and confirms, the town scores.
ASSESS = {"unionlife.assess"}


class UnionLifeConfig(AppConfig):
    name = "unionlife"
    verbose_name = "基层基础"

    def ready(self):
        from accounts.roles import Role, add_permissions
        from core.audit import register_actions
        from core.demo import register_demo_step
        from core.menus import MemberTile, MenuItem, register_menu, register_tile, register_worklist
        from places.services.booking import register_partner_source

        from . import demo, metrics, selectors
        from .services import ACTION_LABELS
        from .services.alliances import partners_of

        register_actions(ACTION_LABELS)
        register_partner_source(partners_of)
        add_permissions(Role.FEDERATION_ADMIN, UNIONLIFE_WORK)
        add_permissions(Role.FEDERATION_ADMIN, ASSESS)
        add_permissions(Role.UNION_ADMIN, UNIONLIFE_WORK)
        metrics.register()
        # After places (the last of the earlier steps): notices go to the whole demo tree and its members.
        register_demo_step(400, "unionlife", demo.build_unionlife)
        register_demo_step(410, "unionlife_officers", demo.build_officers)
        register_demo_step(420, "unionlife_assessment", demo.build_assessment)
        register_demo_step(430, "unionlife_training", demo.build_officer_training)
        register_demo_step(440, "unionlife_alliances", demo.build_alliances)
        register_menu(
            MenuItem(
                "unionlife",
                "通知与任务",
                "bi-megaphone",
                "unionlife:notices",
                permission="unionlife.view",
                order=45,
                namespaces=("unionlife",),
                url_names=lambda name: (
                    name not in OFFICER_PAGES
                    and not name.startswith("assessment")
                    and not name.startswith(ALLIANCE_PAGES)
                ),
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
        register_menu(
            MenuItem(
                "unionlife_officers",
                "干部与换届",
                "bi-person-badge",
                "unionlife:committees",
                permission="unionlife.officers",
                order=46,
                namespaces=("unionlife",),
                url_names=lambda name: name in OFFICER_PAGES,
            )
        )
        register_menu(
            MenuItem(
                "unionlife_assessment",
                "星级评定",
                "bi-star",
                "unionlife:assessments",
                permission="unionlife.view",
                order=47,
                namespaces=("unionlife",),
                url_names=lambda name: name.startswith("assessment") or name == "chair_points",
            )
        )
        register_menu(
            MenuItem(
                "unionlife_alliances",
                "结对与联盟",
                "bi-diagram-3",
                "unionlife:alliances",
                permission="unionlife.view",
                order=48,
                namespaces=("unionlife",),
                url_names=lambda name: name.startswith(ALLIANCE_PAGES),
            )
        )
