from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backups that restore, PII key rotation, retention of expired files, health checks and the
    系统运行 console page. Infrastructure, not a domain: it has no models of its own."""

    name = "ops"
    verbose_name = "系统运行"

    def ready(self):
        from accounts.roles import Role, add_permissions
        from core.audit import register_actions
        from core.menus import MenuItem, register_menu

        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        # The operator's IT staff see backups, health and retention; nobody else does.
        add_permissions(Role.SYSADMIN, {"ops.view"})
        register_menu(
            MenuItem(
                "ops",
                "系统运行",
                "bi-hdd-stack",
                "ops:status",
                permission="ops.view",
                order=95,
                namespaces=("ops",),
            )
        )
