"""The org tree as the layers below the domain apps see it: ``settings.ORG_MODEL`` (like ``AUTH_USER_MODEL``), so
``core`` and ``reports`` reach the tree without importing the app that defines it."""

from django.apps import apps
from django.conf import settings


def get_org_model():
    """The org tree's model (``settings.ORG_MODEL``, default ``orgs.Org``): a treebeard materialised-path node with
    ``path``, ``depth``, ``steplen``, ``code``, ``name``, ``display_name``, ``status`` and ``is_active``."""
    return apps.get_model(getattr(settings, "ORG_MODEL", "orgs.Org"), require_ready=False)
