from django.contrib import admin

from .models import DemandInterval, Forecast, ForecastAdjustment, Queue, ShiftDesign


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "interval_minutes", "service_level", "answer_within_seconds", "active"]
    list_filter = ["active", "interval_minutes"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit"]


@admin.register(DemandInterval)
class DemandIntervalAdmin(admin.ModelAdmin):
    list_display = ["queue", "start", "minutes", "calls_offered", "calls_answered", "calls_abandoned", "aht_seconds"]
    list_filter = ["queue"]
    date_hierarchy = "start"


class AdjustmentInline(admin.TabularInline):
    model = ForecastAdjustment
    extra = 0


@admin.register(Forecast)
class ForecastAdmin(admin.ModelAdmin):
    list_display = ["queue", "first_day", "horizon_days", "interval_minutes", "method", "made_at", "made_by"]
    list_filter = ["queue"]
    inlines = [AdjustmentInline]


@admin.register(ShiftDesign)
class ShiftDesignAdmin(admin.ModelAdmin):
    list_display = ["forecast", "first_day", "days", "status", "paid_hours", "shortfall_agent_hours", "made_at"]
