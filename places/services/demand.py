"""The 需求清单: what kinds of service an enterprise's workers want, gathered during visits (走访) and from a short
phone survey per enterprise (a signed link the union hands out; no login), counted per kind so staff can plan the
services catalogue."""

from django.core import signing
from django.db import IntegrityError, transaction

from core import audit

from .. import errors
from ..models import ServiceCategory, ServiceDemand

SURVEY_SALT = "places.demand-survey"
SURVEY_MAX_AGE = 366 * 86400  # a link handed out works for a year


def clean_categories(values) -> list[str]:
    out = []
    for value in values or []:
        value = str(value).strip()
        if not value:
            continue
        if value not in ServiceCategory.values:
            raise errors.INVALID_DEMAND_KIND(value=value[:20])
        if value not in out:
            out.append(value)
    return out


def record_visit_demands(visit, categories, note: str = "") -> list[ServiceDemand]:
    """The kinds of service raised during ``visit`` (called inside ``log_visit``'s transaction)."""
    rows = [
        ServiceDemand(
            org=visit.org,
            enterprise=visit.enterprise,
            category=c,
            source=ServiceDemand.Source.VISIT,
            field_visit=visit,
            note=(note or "").strip()[:300],
        )
        for c in clean_categories(categories)
    ]
    return ServiceDemand.objects.bulk_create(rows)


def survey_token(enterprise) -> str:
    """The signed part of an enterprise's survey link (the enterprise's id; nothing else can be read from it)."""
    return signing.dumps(enterprise.pk, salt=SURVEY_SALT, compress=True)


def enterprise_of(token: str):
    """The enterprise a survey link was made for, or None when the link is forged, altered or over a year old."""
    from orgs.models import Enterprise, EnterpriseStatus

    try:
        pk = signing.loads(token, salt=SURVEY_SALT, max_age=SURVEY_MAX_AGE)
    except signing.BadSignature:
        return None
    return Enterprise.objects.filter(pk=pk, status=EnterpriseStatus.ACTIVE).select_related("org").first()


@transaction.atomic
def answer_survey(enterprise, *, respondent: str, categories, note: str = "") -> int:
    """A worker's answer on the enterprise's survey: each kind wanted counts once per phone (``respondent``, the
    device key); answering again adds only kinds not yet given. Returns how many kinds were added."""
    categories = clean_categories(categories)
    if not categories:
        raise errors.DEMAND_REQUIRED()
    org = enterprise.covering_union or enterprise.org
    added = 0
    for category in categories:
        try:
            with transaction.atomic():
                ServiceDemand.objects.create(
                    org=org,
                    enterprise=enterprise,
                    category=category,
                    source=ServiceDemand.Source.SURVEY,
                    respondent=respondent[:40],
                    note=(note or "").strip()[:300],
                )
        except IntegrityError:
            continue  # this phone already asked for this kind
        added += 1
    if added:
        audit.record(
            "places.demand.survey_answered",
            org=org,
            actor_name="问卷职工",
            data={"enterprise": enterprise.pk, "categories": categories, "added": added},
        )
    return added
