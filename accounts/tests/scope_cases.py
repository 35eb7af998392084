"""Out-of-scope cases of every accounts route that names an object (run by core/tests/test_route_scope.py).

The town admin of 甲街道 asks for the account of 乙镇's union admin (``union_b``) and for the district admin above
them, and for a grant of such an account through an account of their own: each answers 404, for every method, on
the pages and in the API."""

from core.testing import ScopeTable

from .factories import staff

table = ScopeTable("accounts")


@table.world
def world(w):
    w.asker = w.users.town
    w.foreign = [w.users.union_b, w.users.district]
    # An account the asker does manage, to ask for a foreign grant through it.
    w.mine = staff(w.tree.union_a1, username="mine")


def _asker(w):
    return w.asker


def _form(w):
    return {"display_name": "改名", "phone": "13912345678", "org": "UA12", "role": "union_admin", "reason": "核对"}


# A valid body for each write, so it is the scope and not the schema that refuses.
BODIES = {
    "PATCH /api/v1/staff-accounts/{account_id}": {"display_name": "改名"},
    "POST /api/v1/staff-accounts/{account_id}/disable": {"reason": "离职"},
    "POST /api/v1/staff-accounts/{account_id}/grants": {"org": "UA12", "role": "union_admin"},
    "PATCH /api/v1/staff-accounts/{account_id}/grants/{grant_id}": {"role": "pii_officer", "reason": "核对"},
}


ACCOUNT_PAGES = [
    "staff_accounts:edit",
    "staff_accounts:reset",
    "staff_accounts:disable",
    "staff_accounts:enable",
    "staff_accounts:grant_add",
]
GRANT_PAGES = ["staff_accounts:grant_role", "staff_accounts:grant_revoke"]
ACCOUNT_API = [
    "GET /api/v1/staff-accounts/{account_id}",
    "PATCH /api/v1/staff-accounts/{account_id}",
    "POST /api/v1/staff-accounts/{account_id}/password-reset",
    "POST /api/v1/staff-accounts/{account_id}/disable",
    "POST /api/v1/staff-accounts/{account_id}/enable",
    "GET /api/v1/staff-accounts/{account_id}/events",
    "POST /api/v1/staff-accounts/{account_id}/grants",
    "GET /api/v1/staff-accounts/{account_id}/tokens",
]
GRANT_API = [
    "PATCH /api/v1/staff-accounts/{account_id}/grants/{grant_id}",
    "DELETE /api/v1/staff-accounts/{account_id}/grants/{grant_id}",
]

for index in (0, 1):

    def account(w, index=index):
        return w.foreign[index]

    def grant(w, index=index):
        return w.foreign[index].grants.get()

    # The account page only answers GET (405 to other methods for any id, which reveals nothing).
    table.pages(["staff_accounts:detail"], args=lambda w, a=account: [a(w).pk], user=_asker, methods=("get",))
    table.pages(ACCOUNT_PAGES, args=lambda w, a=account: [a(w).pk], user=_asker, data=_form)
    table.pages(GRANT_PAGES, args=lambda w, a=account, g=grant: [a(w).pk, g(w).pk], user=_asker, data=_form)
    # A grant outside the scope, asked for through an account inside it.
    table.pages(GRANT_PAGES, args=lambda w, g=grant: [w.mine.pk, g(w).pk], user=_asker, data=_form)
    for key in ACCOUNT_API:
        table.api(
            [key],
            params=lambda w, a=account: {"account_id": a(w).pk},
            user=_asker,
            body=lambda w, k=key: BODIES.get(k, {}),
        )
    for key in GRANT_API:
        body = lambda w, k=key: BODIES.get(k, {})  # noqa: E731
        table.api(
            [key],
            params=lambda w, a=account, g=grant: {"account_id": a(w).pk, "grant_id": g(w).pk},
            user=_asker,
            body=body,
        )
        table.api(
            [key], params=lambda w, g=grant: {"account_id": w.mine.pk, "grant_id": g(w).pk}, user=_asker, body=body
        )


def _token(w, user):
    from accounts.models import ApiToken

    return ApiToken.issue(user)[0]


for index in (0, 1):
    # A token of an account outside the scope: through that account, through one inside it, and as one's own.
    table.api(
        ["DELETE /api/v1/staff-accounts/{account_id}/tokens/{token_id}"],
        params=lambda w, i=index: {"account_id": w.foreign[i].pk, "token_id": _token(w, w.foreign[i]).pk},
        user=_asker,
    )
    table.api(
        ["DELETE /api/v1/staff-accounts/{account_id}/tokens/{token_id}"],
        params=lambda w, i=index: {"account_id": w.mine.pk, "token_id": _token(w, w.foreign[i]).pk},
        user=_asker,
    )
    table.api(
        ["DELETE /api/v1/auth/tokens/{token_id}"],
        params=lambda w, i=index: {"token_id": _token(w, w.foreign[i]).pk},
        user=_asker,
    )

table.exempt("accounts:set_password", "a one-time signed token (Django's password-reset token), not an object id")
