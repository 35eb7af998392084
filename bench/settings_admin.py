"""Settings for ``bench/member_list.py``: the test settings (DEBUG off, no debug middleware) with a URLconf that adds a
bench-only Django admin site for the roster (``bench/urls_admin.py``), the baseline the console list is measured
against. Never used by the project itself: the real admin (``/sysadmin/``) does not register members (PII)."""

from config.settings.test import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls_admin"
