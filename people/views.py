"""Pages of people: thin function-based views calling actions and queries."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError
from org.models import Rank, Unit
from org.permissions import can_edit_unit, editable_units, readable_units

from .actions import do_record_movement, leaving_date, require_edit_person
from .choices import MovementKind
from .imports import FORMATS, KINDS, MAX_BYTES, MAX_ROWS, export_file, run_import
from .imports.reading import parse_date
from .models import Person
from .permissions import is_self as is_own_record
from .permissions import manages_person, require_read_person


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's record: who they are, where they work, contracts, skills and movements over time.

    Seen by the person themself, by planners and managers whose units include the person's home unit, and by
    administrators; anyone else gets 403."""
    person = get_object_or_404(Person.objects.select_related("staff_group", "rank", "home_unit", "user"), pk=pk)
    user = request.user
    require_read_person(user, person)
    is_self, manages = is_own_record(user, person), manages_person(user, person)
    today = timezone.localdate()
    contracts = list(person.contracts.order_by("-effective_from"))
    for contract in contracts:
        contract.state = ("future" if contract.effective_from > today
                          else "past" if contract.effective_to and contract.effective_to < today else "current")
    movements = (person.movements.select_related("from_unit", "to_unit", "from_rank", "to_rank", "recorded_by")
                 .order_by("-effective_date", "-id"))
    return render(request, "people/person_detail.html", {
        "person": person,
        "is_self": is_self,
        "today": today,
        "warn_until": today + dt.timedelta(days=30),
        # Contact details and date of birth: the person, and those responsible for their unit.
        "can_see_contact": is_self or manages,
        "can_read_unit": manages and person.home_unit_id is not None,
        "can_edit": person.home_unit_id is not None and can_edit_unit(user, person.home_unit),
        "contracts": contracts,
        "skills": person.skills.select_related("skill").order_by("skill__name"),
        "movements": movements,
    })


def import_page(request: HttpRequest) -> HttpResponse:
    """Upload people, skills or establishment (CSV/XLSX): check first, then import all or nothing; export links."""
    user = request.user
    readable = readable_units(user)
    if not readable.exists():
        raise PermissionDenied(_("Only planners, managers and administrators can import or export."))
    can_import = editable_units(user).exists()
    kind = request.POST.get("kind") or request.GET.get("kind") or "people"
    if kind not in KINDS:
        kind = "people"
    result, form_error = None, ""
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied(_("You do not plan any unit, so you cannot import."))
        upload = request.FILES.get("file")
        dry_run = request.POST.get("action") == "check"
        if upload is None:
            form_error = _("Choose a CSV or XLSX file to upload.")
        elif upload.size > MAX_BYTES:
            form_error = _("The file is larger than the %(limit)s MB limit.") % {"limit": MAX_BYTES // 1024 // 1024}
        else:
            result = run_import(kind, upload.read(), filename=upload.name or "", acting_user=user, dry_run=dry_run,
                                reason=request.POST.get("reason", "").strip() or None)
            if result.ok and not dry_run:
                messages.success(request, result.summary())
    context = {
        "kind": kind,
        "kinds": [{"code": code, "columns": module.COLUMNS, "required": module.REQUIRED}
                  for code, module in KINDS.items()],
        "result": result,
        "form_error": form_error,
        "can_import": can_import,
        "units": readable.order_by("path"),
        "max_mb": MAX_BYTES // 1024 // 1024,
        "max_rows": MAX_ROWS,
    }
    if request.headers.get("HX-Request") and request.method == "POST":
        return render(request, "people/import.html#result", context)
    return render(request, "people/import.html", context)


def export_download(request: HttpRequest, kind: str | None = None) -> HttpResponse:
    """The import's columns for the units the user may read (or one unit's sub-tree), as CSV or XLSX."""
    kind = kind or request.GET.get("kind", "")
    if kind not in KINDS:
        raise Http404(kind)
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        fmt = "csv"
    unit_id = request.GET.get("unit", "")
    unit = get_object_or_404(Unit, pk=int(unit_id)) if unit_id.isdigit() else None
    content, filename, content_type = export_file(kind, fmt, acting_user=request.user, unit=unit)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def movement_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a transfer, promotion, change of rank, leaver or re-joiner for one person; errors shown by field."""
    person = get_object_or_404(Person.objects.select_related("staff_group", "rank", "home_unit"), pk=pk)
    require_edit_person(request.user, person)
    units = editable_units(request.user).order_by("path")
    ranks = Rank.objects.filter(staff_group=person.staff_group).order_by("seniority")
    has_left = leaving_date(person, list(person.movements.all())) is not None
    # Someone who has left can only re-join (a starter); anyone else can move in every other way.
    kinds = [(k, label) for k, label in MovementKind.choices if (k == MovementKind.STARTER) == has_left]
    errors: dict[str, str] = {}
    values = {"kind": request.POST.get("kind", ""), "effective_date": request.POST.get("effective_date", ""),
              "to_unit": request.POST.get("to_unit", ""), "to_rank": request.POST.get("to_rank", ""),
              "reason": request.POST.get("reason", "")}
    if request.method != "POST":
        values["effective_date"] = timezone.localdate().isoformat()
    if request.method == "POST":
        effective_date = to_unit = to_rank = None
        try:
            effective_date = parse_date(values["effective_date"], "effective_date")
        except DomainError as exc:
            errors["effective_date"] = exc.message
        if values["to_unit"]:
            to_unit = units.filter(pk=values["to_unit"]).first() if values["to_unit"].isdigit() else None
            if to_unit is None:
                errors["to_unit"] = _("Choose one of the units you plan.")
        if values["to_rank"]:
            to_rank = ranks.filter(pk=values["to_rank"]).first() if values["to_rank"].isdigit() else None
            if to_rank is None:
                errors["to_rank"] = _("Choose a rank of %(group)s.") % {"group": person.staff_group}
        if not errors:
            try:
                movement = do_record_movement(person, kind=values["kind"], effective_date=effective_date,
                                              to_unit=to_unit, to_rank=to_rank, acting_user=request.user,
                                              reason=values["reason"].strip())
            except DomainError as exc:
                for error in exc.errors or []:
                    shown = error.field if error.field in values else "general"
                    errors[shown] = error.message
                if not exc.errors:
                    errors["general"] = exc.message
            else:
                if movement.applied:
                    messages.success(request, _("%(movement)s recorded and applied.") % {"movement": movement})
                else:
                    messages.success(request, _("%(movement)s recorded; it takes effect on %(date)s.")
                                     % {"movement": movement, "date": movement.effective_date.strftime("%d %b %Y")})
                return redirect("people:person-detail", pk=person.pk)
    return render(request, "people/movement_form.html", {
        "person": person, "kinds": kinds, "units": units, "ranks": ranks, "values": values, "errors": errors,
        "today": timezone.localdate(),
        "history": person.movements.select_related("from_unit", "to_unit", "from_rank", "to_rank")
        .order_by("-effective_date", "-id")[:10],
    }, status=400 if errors else 200)
