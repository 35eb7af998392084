from django.apps import AppConfig

# volunteers.view: the teams of the scope, their volunteers, shifts, records and hours;
# volunteers.manage: found teams, enrol volunteers, publish shifts, log, confirm and reject service records.
VOLUNTEER_WORK = {"volunteers.view", "volunteers.manage"}


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = "志愿服务"

    def ready(self):
        from accounts.roles import Role, add_permissions
        from core.audit import register_actions
        from core.demo import register_demo_step
        from core.menus import MemberTile, MenuItem, register_menu, register_tile, register_worklist

        from . import demo, metrics, worklist
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        add_permissions(Role.FEDERATION_ADMIN, VOLUNTEER_WORK)
        add_permissions(Role.UNION_ADMIN, VOLUNTEER_WORK)
        metrics.register()
        # After the members, activities and places (shifts are at places and for activities).
        register_demo_step(520, "volunteers", demo.build_volunteers)
        register_menu(
            MenuItem(
                "volunteers",
                "志愿服务",
                "bi-hand-thumbs-up",
                "volunteers:teams",
                permission="volunteers.view",
                order=63,
                namespaces=("volunteers",),
            )
        )
        register_tile(
            MemberTile(
                "volunteers",
                "志愿服务",
                "bi-hand-thumbs-up",
                "volunteers:member_home",
                note="我的志愿时长、报名志愿岗、登记服务",
                order=43,
                audience="members",
            )
        )
        register_worklist("volunteers", worklist.todo, order=63)
