"""The merge laws under random histories of three colleagues (see ``merge_machine``).

CI runs ``MARGINALIA_LAW_EXAMPLES`` histories (default 100); set it higher for a longer
local run. Each history has up to 40 steps.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from merge_machine import Colleagues

EXAMPLES = int(os.environ.get("MARGINALIA_LAW_EXAMPLES", "100"))

Colleagues.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_merge_laws_hold_for_three_colleagues = Colleagues.TestCase
