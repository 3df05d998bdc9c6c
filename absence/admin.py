from django.contrib import admin

from .models import (
    Abstraction,
    AbstractionBatch,
    AbstractionType,
    LeavePolicy,
    LeaveQuota,
    LedgerEntry,
    ReturnToWork,
)


@admin.register(AbstractionType)
class AbstractionTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "category", "removes_from_roster", "counts_as_working_time",
                    "excluded_from_wtr_average", "paid", "needs_approval", "health_data", "self_service",
                    "roster_risk", "ledger"]
    list_filter = ["category"]


@admin.register(Abstraction)
class AbstractionAdmin(admin.ModelAdmin):
    list_display = ["person", "type", "start_date", "start_time", "end_date", "end_time", "hours", "status"]
    list_filter = ["type", "status"]
    raw_id_fields = ["person", "batch"]
    readonly_fields = ["version", "created_at", "decided_at"]


@admin.register(AbstractionBatch)
class AbstractionBatchAdmin(admin.ModelAdmin):
    list_display = ["label", "type", "unit", "created_at", "created_by"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Read only: a balance changes by a new row with its reason (absence.actions), never by editing one."""

    list_display = ["person", "ledger", "kind", "amount", "year_start", "effective_date", "rule", "reason"]
    list_filter = ["ledger", "kind"]
    raw_id_fields = ["person", "abstraction"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LeavePolicy)
class LeavePolicyAdmin(admin.ModelAdmin):
    list_display = ["unit", "auto_approve", "auto_approve_max_days", "min_notice_days"]


@admin.register(LeaveQuota)
class LeaveQuotaAdmin(admin.ModelAdmin):
    list_display = ["unit", "rank", "max_off", "per_team"]


@admin.register(ReturnToWork)
class ReturnToWorkAdmin(admin.ModelAdmin):
    list_display = ["abstraction", "returned_on", "interview_on"]
    raw_id_fields = ["abstraction"]
