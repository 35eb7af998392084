"""Where an app shows itself: the console's side menu, the member site's home tiles and the staff 工作台's to-do
list are built from declarations each app makes in ``AppConfig.ready``, never by editing core's templates::

    register_menu(MenuItem("activities", "活动管理", "bi-calendar-event", "activities:staff_list",
                           permission="activities.view", order=50, namespaces=("activities",)))
    register_tile(MemberTile("activities", "活动报名", "bi-calendar-event", "activities:member_list",
                             note="看看最近的活动", order=20))
    register_worklist("appeals", appeals_todo, order=10)   # fn(user) -> list[WorkItem]

Declarations are data (URL names and permission strings), so core imports no app. Registering the same key again
replaces the earlier declaration (``ready`` may run twice in tests).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import NoReverseMatch, reverse

from .scoping import has_any


@dataclass(frozen=True)
class MenuItem:
    """An entry of the console's side menu, shown to users who hold ``permission`` somewhere. It is marked active
    on pages of its ``namespaces`` whose URL name passes ``url_names`` (a predicate; default: any).
    ``badge(user)`` may return a number shown beside the label (work waiting), or None."""

    key: str
    label: str
    icon: str
    url_name: str
    permission: str
    order: int = 100
    namespaces: tuple[str, ...] = ()
    url_names: Callable[[str], bool] | None = None
    badge: Callable | None = None

    def is_active(self, match) -> bool:
        if match is None or match.namespace not in self.namespaces:
            return False
        return self.url_names is None or self.url_names(match.url_name or "")


@dataclass(frozen=True)
class MemberTile:
    """A tile of the member site's home page. ``available(request)`` says whether the service is open now (a tile
    for something that does not exist yet is never drawn); ``audience`` is ``"all"``, ``"members"`` (logged-in
    members only) or ``"guests"`` (only to those not logged in as a member: 申请入会)."""

    key: str
    label: str
    icon: str
    url_name: str
    note: str = ""
    order: int = 100
    audience: str = "all"
    available: Callable | None = None


@dataclass(frozen=True)
class WorkItem:
    """One line of a staff user's to-do list: how many things wait (``count``), where to handle them (``url``) and
    how urgent they are (``level``: ``danger`` overdue, ``warning`` due soon, ``info`` waiting)."""

    label: str
    count: int
    url: str
    level: str = "info"
    group: str = ""


_MENU: dict[str, MenuItem] = {}
_TILES: dict[str, MemberTile] = {}
_WORKLISTS: dict[str, tuple[int, Callable]] = {}


def register_menu(item: MenuItem) -> MenuItem:
    _MENU[item.key] = item
    return item


def register_tile(tile: MemberTile) -> MemberTile:
    _TILES[tile.key] = tile
    return tile


def register_worklist(key: str, fn: Callable, *, order: int = 100) -> None:
    """``fn(user)`` returns the ``WorkItem``s waiting for ``user`` in this app (only those with a count)."""
    _WORKLISTS[key] = (order, fn)


def unregister_worklist(key: str) -> None:
    _WORKLISTS.pop(key, None)


# Side-menu badges are counted at most this often per user: every console page asks for them, and a count a few
# seconds old is good enough beside a link (the 工作台 and the lists themselves are always exact).
BADGE_SECONDS = 30


def cached_count(user, key: str, count: Callable[[], int]) -> int:
    """``count()`` for a side-menu badge, kept ``BADGE_SECONDS`` per user (the key carries the account's creation
    time, so a new account with a reused id never sees another's count)."""
    stamp = user.date_joined.timestamp() if getattr(user, "date_joined", None) else 0
    name = f"menu-badge:{key}:{user.pk}:{stamp}"
    value = cache.get(name)
    if value is None:
        value = count()
        cache.set(name, value, BADGE_SECONDS)
    return value


def menu_for(request) -> list[dict]:
    """The side menu of ``request.user``: the items they hold the permission for, in order, each with its URL,
    whether it is active and whether it has a badge (filled in by ``badges_for`` after the page loads)."""
    user = request.user
    match = getattr(request, "resolver_match", None)
    items = []
    for item in sorted(_MENU.values(), key=lambda i: (i.order, i.key)):
        if not has_any(user, item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "key": item.key,
                "label": item.label,
                "icon": item.icon,
                "url": url,
                "active": item.is_active(match),
                "has_badge": item.badge is not None,
            }
        )
    return items


def badges_for(user) -> dict[str, int]:
    """The side menu's badges of ``user`` (key → number, only those above zero). The menu is drawn without them;
    the page asks for them afterwards (``core.views.menu_badges``), so no console page pays for the counting."""
    found = {}
    for item in sorted(_MENU.values(), key=lambda i: (i.order, i.key)):
        if item.badge is None or not has_any(user, item.permission):
            continue
        n = item.badge(user)
        if n:
            found[item.key] = n
    return found


def tiles_for(request) -> list[dict]:
    """The home tiles for whoever is looking: only services available now, for their audience."""
    user = request.user
    # A member's account carries its roster record as ``user.member`` (members.Member.user, a one-to-one).
    is_member = user.is_authenticated and hasattr(user, "member")
    tiles = []
    for tile in sorted(_TILES.values(), key=lambda t: (t.order, t.key)):
        if tile.audience == "members" and not is_member or tile.audience == "guests" and is_member:
            continue
        if tile.available is not None and not tile.available(request):
            continue
        try:
            url = reverse(tile.url_name)
        except NoReverseMatch:
            continue
        tiles.append({"key": tile.key, "label": tile.label, "icon": tile.icon, "url": url, "note": tile.note})
    return tiles


def worklist_for(user) -> list[WorkItem]:
    """Everything waiting for ``user`` across the apps, most urgent first within each app's order."""
    found: list[WorkItem] = []
    for _order, fn in sorted(_WORKLISTS.values(), key=lambda pair: pair[0]):
        found.extend(item for item in fn(user) if item.count)
    return found


def registered_menu() -> list[MenuItem]:
    return sorted(_MENU.values(), key=lambda i: (i.order, i.key))


def registered_tiles() -> list[MemberTile]:
    return sorted(_TILES.values(), key=lambda t: (t.order, t.key))
