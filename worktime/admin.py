from django.contrib import admin

from .models import RulePackTightening


@admin.register(RulePackTightening)
class RulePackTighteningAdmin(admin.ModelAdmin):
    list_display = ["pack", "effective_from", "changes", "reason", "created_by"]

    # Tightenings go through do_tighten_rule_pack so the engine can refuse a loosening.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
