from django.contrib import admin

from .models import Contract, Movement, Person, PersonSkill, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "validity_months"]
    search_fields = ["name", "code"]


class ContractInline(admin.TabularInline):
    model = Contract
    extra = 0


class PersonSkillInline(admin.TabularInline):
    model = PersonSkill
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["payroll_number", "last_name", "first_name", "rank", "home_unit", "staff_group"]
    list_filter = ["staff_group", "rank"]
    search_fields = ["payroll_number", "last_name", "first_name"]
    inlines = [ContractInline, PersonSkillInline]
    raw_id_fields = ["home_unit", "user"]


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "effective_date", "from_unit", "to_unit", "applied"]
    list_filter = ["kind", "applied"]
    raw_id_fields = ["person", "from_unit", "to_unit"]
