"""The volunteers step of ``manage.py seed_demo``."""


def build_volunteers(ctx) -> None:
    return None
