from django.contrib import admin

from .models import OvertimeBudget, OvertimeRecord, OvertimeWillingness, PayRate


@admin.register(PayRate)
class PayRateAdmin(admin.ModelAdmin):
    """Rate tables are reference data: administrators add a pay award as new rows with a later effective date."""

    list_display = ["scheme", "rank_code", "point", "annual_salary", "hourly_rate", "effective_from", "source"]
    list_filter = ["scheme", "effective_from"]
    search_fields = ["rank_code", "point"]


@admin.register(OvertimeBudget)
class OvertimeBudgetAdmin(admin.ModelAdmin):
    list_display = ["unit", "start_date", "end_date", "amount", "note"]
    list_filter = ["start_date"]

    # Budgets change through do_set_overtime_budget so every change is audited.
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(OvertimeRecord)
class OvertimeRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "unit", "date", "kind", "hours", "status", "cost", "over_budget"]
    list_filter = ["status", "kind", "over_budget"]
    raw_id_fields = ["person", "unit", "duty", "requested_by", "authorised_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(OvertimeWillingness)
class OvertimeWillingnessAdmin(admin.ModelAdmin):
    list_display = ["person", "willing", "max_hours_per_month", "updated_at"]
    raw_id_fields = ["person"]
