"""Which rows the orgs services lock (``core.locking``): an org (10) before an enterprise (20).

- creating an org locks its parent, because treebeard derives the new path from the parent's last child and two
  creates under one parent must not interleave;
- editing, moving or dissolving an org locks it (moving locks the org and its new parent together, in primary-key
  order, so two crossing moves cannot deadlock);
- editing an enterprise locks it.
"""

from core.locking import lock, lock_one

from .models import Enterprise, Org


def lock_org(org) -> Org:
    """The org re-read under its row lock."""
    return lock_one(Org.objects.all(), pk=org.pk)


def lock_orgs(*orgs) -> dict[int, Org]:
    """Several orgs under their row locks, taken in primary-key order; by primary key."""
    rows = lock(Org.objects.filter(pk__in=[o.pk for o in orgs]))
    return {row.pk: row for row in rows}


def lock_enterprise(ent) -> Enterprise:
    """The enterprise (with its org) re-read under its row lock."""
    return lock_one(Enterprise.objects.select_related("org"), pk=ent.pk)
