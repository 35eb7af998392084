from django.apps import AppConfig

# training.view: the courses of the scope with their enrolments and attendance;
# training.manage: create courses and sessions, enrol members, check them in, finish a course.
TRAINING_WORK = {"training.view", "training.manage"}


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "职工培训"

    def ready(self):
        from accounts.roles import Role, add_permissions
        from core.audit import register_actions
        from core.demo import register_demo_step
        from core.menus import MemberTile, MenuItem, register_menu, register_tile

        from . import demo, metrics
        from .services import ACTION_LABELS

        register_actions(ACTION_LABELS)
        add_permissions(Role.FEDERATION_ADMIN, TRAINING_WORK)
        add_permissions(Role.UNION_ADMIN, TRAINING_WORK)
        metrics.register()
        # After places (工匠学堂 are places) and the members.
        register_demo_step(500, "training", demo.build_training)
        register_menu(
            MenuItem(
                "training",
                "职工培训",
                "bi-mortarboard",
                "training:courses",
                permission="training.view",
                order=60,
                namespaces=("training",),
                url_names=lambda name: name != "verify",
            )
        )
        register_tile(
            MemberTile(
                "training",
                "技能培训",
                "bi-mortarboard",
                "training:member_courses",
                note="工匠学堂、学历提升、结业证书",
                order=40,
                audience="members",
            )
        )
