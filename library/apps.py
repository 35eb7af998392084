from django.apps import AppConfig

# library.view: the rooms of the scope, their copies, loans and scores; the shared catalogue;
# library.manage: register rooms, fill the catalogue, shelve copies, lend and take back.
LIBRARY_WORK = {"library.view", "library.manage"}


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "职工书屋"

    def ready(self):
        from accounts.roles import Role, add_permissions
        from core.audit import register_actions
        from core.demo import register_demo_step
        from core.menus import MemberTile, MenuItem, register_menu, register_tile

        from . import demo, metrics
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        add_permissions(Role.FEDERATION_ADMIN, LIBRARY_WORK)
        add_permissions(Role.UNION_ADMIN, LIBRARY_WORK)
        metrics.register()
        # After places (书屋 are places) and the members.
        register_demo_step(510, "library", demo.build_library)
        register_menu(
            MenuItem(
                "library",
                "职工书屋",
                "bi-book",
                "library:rooms",
                permission="library.view",
                order=62,
                namespaces=("library",),
            )
        )
        register_tile(
            MemberTile(
                "library",
                "书屋借阅",
                "bi-book",
                "library:member_loans",
                note="漂流书吧、扫码借书、我的借阅",
                order=42,
                audience="members",
            )
        )
