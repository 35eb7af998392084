"""Which rows the account services lock (``core.locking``): the account's own row, first and alone. Every change to
an account or its grants takes it, so two admins changing one account's grants are serialised and the rules that
count an account's grants ("every account keeps one", "not one's last admin grant") hold."""

from core.locking import lock_one

from .models import User


def lock_account(user) -> User:
    """The account re-read under its row lock."""
    return lock_one(User.objects.all(), pk=user.pk)
