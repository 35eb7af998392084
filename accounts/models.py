"""Users, their grants (user × org × role) and API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import RestrictedQuerySet

from .roles import role_label


class User(AbstractUser):
    """A person who logs in: union staff today, partners and members later."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=11, blank=True)

    # core.locking: an account is locked after any domain rows of the same transaction (docs/layout.md).
    LOCK_RANK = 140

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.username

    @property
    def audit_org(self):
        grant = self.grants.select_related("org").order_by("id").first()
        return grant.org if grant else None


class Grant(models.Model):
    """Gives ``user`` the ``role`` over ``org`` and its whole sub-tree."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="grants")
    org = models.ForeignKey("orgs.Org", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="grants")
    # A role code of accounts.roles (not database choices: apps declare roles of their own without a migration here).
    role = models.CharField(_("角色"), max_length=30)
    created_at = models.DateTimeField(_("授予时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("授予人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    SCOPE_PATH = "org__path"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("授权")
        verbose_name_plural = _("授权")
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="grant_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.org}"

    def get_role_display(self) -> str:
        """The role's Chinese name (what a ``choices`` field would give)."""
        return role_label(self.role)

    @property
    def audit_org(self):
        return self.org


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def authenticate(self, raw: str):
        """The live token matching ``raw``, or None. Only the hash is stored."""
        now = timezone.now()
        return (
            self.select_related("user")
            .filter(key_hash=_hash_token(raw), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
            .first()
        )


class ApiToken(models.Model):
    """A bearer token for the API. The raw value is shown once at creation; only its hash is kept."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    @classmethod
    def issue(cls, user) -> tuple["ApiToken", str]:
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, key_hash=_hash_token(raw), expires_at=timezone.now() + settings.API_TOKEN_TTL
        )
        return token, raw
