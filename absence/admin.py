from django.contrib import admin

from .models import Abstraction, AbstractionType


@admin.register(AbstractionType)
class AbstractionTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "category", "removes_from_roster", "counts_as_working_time",
                    "excluded_from_wtr_average", "paid", "needs_approval", "health_data"]
    list_filter = ["category"]


@admin.register(Abstraction)
class AbstractionAdmin(admin.ModelAdmin):
    list_display = ["person", "type", "start_date", "end_date", "status"]
    list_filter = ["type", "status"]
    raw_id_fields = ["person"]
