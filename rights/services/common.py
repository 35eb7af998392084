"""What the rights workflows share: audit labels, money parsing (exact to the fen), parties' validation and copying,
and the yearly case numbers."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import ValidationFailed
from core.models import Counter
from core.validators import MOBILE_RE, normalize_id_number, validate_cn_id

from .. import errors

ACTION_LABELS = {
    "rights.case.opened": _("受理劳动争议调解案件"),
    "rights.case.session_recorded": _("记录调解情况"),
    "rights.case.extended": _("延长调解期限"),
    "rights.case.closed": _("调解结案"),
    "rights.case.ids_revealed": _("查看调解当事人证件号"),
    "rights.aid.opened": _("受理法律援助"),
    "rights.aid.lawyer_assigned": _("指派援助律师"),
    "rights.aid.stage_changed": _("变更援助方式"),
    "rights.aid.closed": _("法律援助结案"),
    "rights.aid.applied": _("职工网上申请法律援助"),
    "rights.aid.rated": _("职工评价法律援助"),
    "rights.lawyer.added": _("登记合作律师"),
    "rights.inspection.recorded": _("登记劳动法律监督检查"),
    "rights.document.issued": _("发出劳动法律监督文书"),
    "rights.problem.added": _("登记整改问题"),
    "rights.problem.rectified": _("问题整改完毕"),
    "rights.problem.escalated": _("整改超期升级"),
    "rights.warning.digest_sent": _("发送劳动关系预警周报"),
    "rights.contract.registered": _("登记集体合同"),
    "rights.mediator.added": _("登记调解员"),
    "rights.mediator.updated": _("修改调解员"),
    "rights.case.mediators_set": _("指定调解员"),
    "rights.contract.updated": _("修改集体合同"),
    "rights.contract.reminded": _("集体合同到期提醒"),
    "rights.demonstration.recorded": _("登记集体协商示范"),
}

MAX_MONEY = Decimal("9999999999.99")


def parse_money(value, *, label: str, field: str) -> Decimal:
    """A sum in 元 as a ``Decimal`` with at most two decimals (分), never a float: ``"1234.5"`` → ``1234.50``."""
    if value is None or value == "":
        return Decimal("0.00")
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise errors.INVALID_AMOUNT(label=label, field=field) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_MONEY or amount.as_tuple().exponent < -2:
        raise errors.INVALID_AMOUNT(label=label, field=field)
    return amount.quantize(Decimal("0.01"))


def clean_parties(parties) -> list[dict]:
    """Validate the workers of a case: each with a name, an 11-digit mobile if given, a valid ID number if given."""
    if not parties:
        raise errors.PARTY_REQUIRED()
    found, cleaned = [], []
    for n, p in enumerate(parties, start=1):
        name = (p.get("name") or "").strip()
        phone = (p.get("phone") or "").strip()
        id_number = normalize_id_number(p.get("id_number") or "")
        if not name:
            found.append(errors.PARTY_NAME_REQUIRED(n=n))
        if phone and not MOBILE_RE.match(phone):
            found.append(errors.INVALID_PARTY_PHONE(n=n))
        if id_number:
            try:
                id_number = validate_cn_id(id_number)[0]
            except ValidationError as exc:
                found.append(errors.INVALID_PARTY_ID(n=n, reason=exc.messages[0]))
        cleaned.append(
            {
                "name": name,
                "phone": phone,
                "id_number": id_number,
                "member": p.get("member"),
                "name_visible": bool(p.get("name_visible")),
            }
        )
    if found:
        raise ValidationFailed(found)
    return cleaned


def make_party(model, owner_field: str, owner, data: dict):
    party = model(
        **{owner_field: owner},
        member=data.get("member"),
        name=data["name"],
        phone=data.get("phone", ""),
        name_visible=data.get("name_visible", False),
    )
    if data.get("id_cipher"):
        party.id_cipher, party.id_masked = data["id_cipher"], data["id_masked"]
    else:
        party.set_id_number(data.get("id_number", ""))
    party.save()
    return party


def copy_party(party) -> dict:
    """A party's data, to carry over to another case (the ciphertext as is: nothing decrypted)."""
    return {
        "member": party.member,
        "name": party.name,
        "phone": party.phone,
        "name_visible": party.name_visible,
        "id_cipher": party.id_cipher,
        "id_masked": party.id_masked,
    }


def next_number(prefix: str, now=None) -> str:
    """``TJ2026000123``: the prefix, the local year and the year's sequence (``core.Counter``, never reused)."""
    year = timezone.localtime(now or timezone.now()).year
    (n,) = Counter.take(f"rights.{prefix}.{year}")
    return f"{prefix}{year}{n:06d}"
