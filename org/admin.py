from django.contrib import admin

from .models import Post, Rank, RoleAssignment, StaffGroup, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "bank_holiday_region", "active"]
    list_filter = ["kind", "bank_holiday_region", "active"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth"]

    def save_model(self, request, obj, form, change):
        # The materialised path needs the primary key, so save twice on create; children follow on move.
        super().save_model(request, obj, form, change)
        old_path = obj.path
        obj.set_path()
        obj.save(update_fields=["path", "depth"])
        if old_path and old_path != obj.path:
            for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=obj.pk).order_by("depth"):
                child.set_path()
                child.save(update_fields=["path", "depth"])


@admin.register(StaffGroup)
class StaffGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "rule_pack"]


@admin.register(Rank)
class RankAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "staff_group", "seniority"]
    list_filter = ["staff_group"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["unit", "rank", "funded_fte", "effective_from", "effective_to"]
    list_filter = ["rank"]
    autocomplete_fields = ["unit"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["unit"]
