"""Every write to absence: `do_<verb>_<noun>(..., *, acting_user, reason=None)`, permission first, one durable
transaction, one audit record."""

from .abstractions import do_cancel_abstraction, do_record_abstraction, do_record_group_abstractions
from .court import do_record_court_attendance, do_record_court_warning, do_stand_down_court_warning
from .leave import (
    can_cancel,
    do_approve_leave,
    do_cancel_leave,
    do_record_recall_from_leave,
    do_refuse_leave,
    do_request_leave,
    shortfalls,
)
from .ledgers import (
    do_adjust_balance,
    do_backfill_ledgers,
    do_close_leave_year,
    do_credit_time_off,
    do_expire_time_off,
    do_open_leave_year,
)
from .policies import do_add_leave_quota, do_remove_leave_quota, do_save_leave_policy
from .sickness import do_record_return_to_work, do_report_sick, do_update_sickness

__all__ = [
    "can_cancel",
    "do_add_leave_quota",
    "do_adjust_balance",
    "do_approve_leave",
    "do_backfill_ledgers",
    "do_cancel_abstraction",
    "do_cancel_leave",
    "do_close_leave_year",
    "do_credit_time_off",
    "do_expire_time_off",
    "do_open_leave_year",
    "do_record_abstraction",
    "do_record_court_attendance",
    "do_record_court_warning",
    "do_record_group_abstractions",
    "do_record_recall_from_leave",
    "do_record_return_to_work",
    "do_refuse_leave",
    "do_remove_leave_quota",
    "do_report_sick",
    "do_request_leave",
    "do_save_leave_policy",
    "do_stand_down_court_warning",
    "do_update_sickness",
    "shortfalls",
]
