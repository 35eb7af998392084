"""Every refusal of the reports app: its stable code, Chinese message and HTTP status (docs/errors.md is generated
from these). Raise them as ``errors.NAME(param=…, field=…)``; the shared ``permission_denied`` and ``not_found`` are
core's, re-exported here."""

from django.utils.translation import gettext_lazy as _

from core.errors import NOT_FOUND as NOT_FOUND  # re-exported: services and views raise both from here
from core.errors import PERMISSION_DENIED as PERMISSION_DENIED
from core.errors import ErrorCodes

codes = ErrorCodes("reports", "统计报表")

INVALID_PERIOD = codes.define("invalid_period", _("统计期间：结束日期不能早于开始日期"))
