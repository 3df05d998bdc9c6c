"""Every write in rostering: `do_<verb>_<noun>(..., *, acting_user, reason=None)`."""

from .duties import (
    CellResult,
    DutyConflict,
    DutyValue,
    do_apply_shift,
    do_copy_duties,
    do_set_duty,
    do_swap_duties,
    parse_value,
    value_of,
)
from .patterns import (
    MaterialiseResult,
    assign_team_pattern,
    do_assign_team_pattern,
    do_import_library_pattern,
    do_join_team,
    do_leave_team,
    do_materialise_duties,
    do_save_pattern,
    do_save_shift_type,
    materialise_duties,
)
from .publishing import do_issue_calendar_token, do_mark_read, do_publish_roster, do_revoke_calendar_token

__all__ = [
    "CellResult",
    "DutyConflict",
    "DutyValue",
    "MaterialiseResult",
    "assign_team_pattern",
    "do_apply_shift",
    "do_assign_team_pattern",
    "do_copy_duties",
    "do_import_library_pattern",
    "do_issue_calendar_token",
    "do_join_team",
    "do_leave_team",
    "do_mark_read",
    "do_materialise_duties",
    "do_publish_roster",
    "do_revoke_calendar_token",
    "do_save_pattern",
    "do_save_shift_type",
    "do_set_duty",
    "do_swap_duties",
    "materialise_duties",
    "parse_value",
    "value_of",
]
