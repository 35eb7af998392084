from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = "阵地与服务"

    def ready(self):
        from accounts.roles import Role, add_permissions
        from core.audit import register_actions
        from core.demo import register_demo_step
        from core.menus import MemberTile, MenuItem, register_menu, register_tile, register_worklist

        from . import demo, metrics, worklist
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        add_permissions(
            Role.FEDERATION_ADMIN,
            {"places.view", "places.manage", "places.book", "places.order", "places.serve"},
        )
        add_permissions(Role.UNION_ADMIN, {"places.view", "places.manage", "places.book", "places.order"})
        # After the activities (250) and appeals (300): places, bookings, visits and a year of orders.
        register_demo_step(350, "places", demo.build_places)
        metrics.register()
        register_menu(
            MenuItem(
                "places",
                "阵地与点单",
                "bi-geo-alt",
                "places:staff_list",
                permission="places.view",
                order=60,
                namespaces=("places",),
            )
        )
        register_tile(
            MemberTile(
                "places", "附近驿站", "bi-geo-alt", "places:finder", note="找驿站、职工之家，预约活动室", order=40
            )
        )
        register_worklist("places", worklist.todo, order=40)
