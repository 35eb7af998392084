"""The union-life console (/console/unionlife/): notices sent from the user's scope with their live return table,
reminding and exporting; the inbox of the orgs the user works for, where staff read a notice and report back;
committees, congresses (换届) and a town's part-time vice-chairs.
Writes go through ``unionlife.services``."""

from .alliances import (  # noqa: F401
    alliance_activity,
    alliance_create,
    alliance_detail,
    alliance_dissolve,
    alliance_member_add,
    alliance_member_leave,
    alliance_places,
    alliances,
    pairing_close,
    pairing_create,
    pairing_detail,
    pairing_record,
    pairings,
)
from .assessment import (  # noqa: F401
    assessment_confirm,
    assessment_create,
    assessment_detail,
    assessment_payments,
    assessment_review,
    assessment_submit,
    assessments,
    chair_points,
    evidence_add,
    evidence_file,
    evidence_remove,
)
from .notices import (  # noqa: F401
    attachment,
    delivery_detail,
    delivery_file,
    delivery_report,
    inbox,
    notice_create,
    notice_detail,
    notice_export,
    notice_list,
    notice_remind,
    return_file,
)
from .officers import (  # noqa: F401
    committee,
    committees,
    congress,
    officer_end,
    vice_chair,
)
