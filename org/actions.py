"""Writes to the organisation: units, establishment (posts) and role assignments.

Every public function checks permission first, validates with DomainError naming the field, runs in one durable
transaction and writes one audit record per changed row."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from common import audit
from common.choices import BankHolidayRegion, Role
from common.errors import DomainError
from common.schema_types import check_plan_day

from .choices import UnitKind
from .models import Post, Rank, RoleAssignment, Unit
from .permissions import require_administrator, require_edit_unit

UNIT_FIELDS = ["parent", "name", "code", "kind", "bank_holiday_region", "active"]
MAX_FUNDED_FTE = Decimal("99999.99")


def _clean_unit_fields(*, name: str, code: str, kind: str, bank_holiday_region: str, unit: Unit | None) -> None:
    if not (name or "").strip():
        raise DomainError(_("Give the unit a name."), field="name")
    try:
        validate_slug(code or "")
    except ValidationError:
        raise DomainError(_("Code '%(code)s' may only hold letters, digits, hyphens and underscores, e.g. "
                            "northtown-team-a.") % {"code": code}, field="code") from None
    if Unit.objects.filter(code=code).exclude(pk=getattr(unit, "pk", None)).exists():
        raise DomainError(_("Code '%(code)s' is already used by another unit.") % {"code": code}, field="code")
    if kind not in UnitKind.values:
        raise DomainError(_("Type '%(kind)s' is not a unit type; allowed: %(allowed)s.")
                          % {"kind": kind, "allowed": ", ".join(UnitKind.values)}, field="kind")
    if bank_holiday_region not in BankHolidayRegion.values:
        raise DomainError(_("'%(region)s' is not a bank holiday region; allowed: %(allowed)s.")
                          % {"region": bank_holiday_region, "allowed": ", ".join(BankHolidayRegion.values)},
                          field="bank_holiday_region")


def do_create_unit(*, name: str, code: str, kind: str, parent: Unit | None = None,
                   bank_holiday_region: str | None = None, acting_user, reason: str | None = None) -> Unit:
    """A new unit under `parent` (a planner of the parent may add units below it; only administrators add roots)."""
    if parent is None:
        require_administrator(acting_user)
    else:
        require_edit_unit(acting_user, parent)
    # A new unit inherits its parent's bank holiday region unless told otherwise (a Scottish LPA's stations).
    region = bank_holiday_region or (parent.bank_holiday_region if parent else BankHolidayRegion.ENGLAND_AND_WALES)
    name, code = (name or "").strip(), (code or "").strip()
    _clean_unit_fields(name=name, code=code, kind=kind, bank_holiday_region=region, unit=None)
    with transaction.atomic(durable=True):
        unit = Unit.objects.create(parent=parent, name=name, code=code, kind=kind, bank_holiday_region=region)
        unit.set_path()
        unit.save(update_fields=["path", "depth"])
        audit.record(actor=acting_user, action="org.unit.created", obj=unit, after=audit.snapshot(unit),
                     reason=reason or "", unit_id=unit.pk)
    return unit


def do_update_unit(unit: Unit, *, acting_user, reason: str | None = None, **changes) -> Unit:
    """Rename, recode or move a unit. Moving re-computes the materialised paths of its whole sub-tree."""
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(_("'%(field)s' cannot be changed here; allowed: %(allowed)s.")
                          % {"field": field, "allowed": ", ".join(UNIT_FIELDS)}, field=field)
    require_edit_unit(acting_user, unit)
    moving = "parent" in changes and changes["parent"] != unit.parent
    new_parent: Unit | None = changes.get("parent", unit.parent)
    if moving:
        if new_parent is None or unit.parent_id is None:
            # Making or moving a root changes the shape of the whole organisation.
            require_administrator(acting_user)
        else:
            require_edit_unit(acting_user, new_parent)
        if new_parent is not None and new_parent.path.startswith(unit.path):
            raise DomainError(_("%(unit)s cannot be moved under itself or one of its own sub-units (%(parent)s).")
                              % {"unit": unit, "parent": new_parent}, field="parent")
    values = {f: changes.get(f, getattr(unit, f)) for f in UNIT_FIELDS}
    values["name"] = (values["name"] or "").strip()
    values["code"] = (values["code"] or "").strip()
    _clean_unit_fields(name=values["name"], code=values["code"], kind=values["kind"],
                       bank_holiday_region=values["bank_holiday_region"], unit=unit)
    with transaction.atomic(durable=True):
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        before = audit.snapshot(unit)
        changed = [f for f in UNIT_FIELDS if values[f] != getattr(unit, f)]
        if not changed:
            return unit
        for field in changed:
            setattr(unit, field, values[field])
        update_fields = [f for f in changed]
        if "parent" in changed:
            old_path = unit.path
            unit.set_path()
            update_fields += ["path", "depth"]
            _move_subtree(old_path, unit.path)
        unit.save(update_fields=update_fields)
        audit.record(actor=acting_user, action="org.unit.updated", obj=unit, before=before,
                     after=audit.snapshot(unit), reason=reason or "", unit_id=unit.pk)
    return unit


def _move_subtree(old_path: str, new_path: str) -> None:
    """Re-root every descendant's path from old_path to new_path (the unit itself is saved by the caller)."""
    descendants = list(Unit.objects.filter(path__startswith=old_path).exclude(path=old_path))
    for child in descendants:
        child.path = new_path + child.path[len(old_path):]
        child.depth = child.path.count("/") - 2
    Unit.objects.bulk_update(descendants, ["path", "depth"], batch_size=500)


def _to_decimal(value, field: str) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError(_("Give a number."), field=field)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("'%(value)s' is not a number.") % {"value": value}, field=field) from None
    if not number.is_finite():
        raise DomainError(_("'%(value)s' is not a number.") % {"value": value}, field=field)
    return number


def clean_post(*, funded_fte, effective_from: dt.date | None, effective_to: dt.date | None) -> Decimal:
    """Validate one establishment row; returns funded FTE rounded to the stored 2 decimals."""
    check_plan_day(effective_from, "effective_from")
    check_plan_day(effective_to, "effective_to")
    fte = _to_decimal(funded_fte, "funded_fte")
    if fte < 0:
        raise DomainError(_("Funded FTE cannot be negative (got %(value)s).") % {"value": fte}, field="funded_fte")
    if fte > MAX_FUNDED_FTE:
        raise DomainError(_("Funded FTE %(value)s is too large.") % {"value": fte}, field="funded_fte")
    if effective_from is None:
        raise DomainError(_("Give the date the establishment applies from."), field="effective_from")
    if effective_to is not None and effective_to < effective_from:
        raise DomainError(_("Effective-to %(to)s is before effective-from %(start)s.")
                          % {"to": effective_to, "start": effective_from}, field="effective_to")
    return fte.quantize(Decimal("0.01"))


def _set_post(*, unit: Unit, rank: Rank, funded_fte: Decimal, effective_from: dt.date,
              effective_to: dt.date | None) -> tuple[Post, dict | None, bool]:
    """Upsert by (unit, rank, effective_from). Returns (post, before snapshot or None if created, changed?)."""
    post = Post.objects.select_for_update().filter(unit=unit, rank=rank, effective_from=effective_from).first()
    if post is None:
        post = Post.objects.create(unit=unit, rank=rank, funded_fte=funded_fte, effective_from=effective_from,
                                   effective_to=effective_to)
        return post, None, True
    before = audit.snapshot(post)
    if post.funded_fte == funded_fte and post.effective_to == effective_to:
        return post, before, False
    post.funded_fte, post.effective_to = funded_fte, effective_to
    post.save(update_fields=["funded_fte", "effective_to"])
    return post, before, True


def do_set_post(*, unit: Unit, rank: Rank, funded_fte, effective_from: dt.date, effective_to: dt.date | None = None,
                acting_user, reason: str | None = None) -> Post:
    """Create or update the establishment of `rank` in `unit` from a date."""
    return do_set_posts(unit=unit, posts=[{"rank": rank, "funded_fte": funded_fte, "effective_from": effective_from,
                                           "effective_to": effective_to}],
                        acting_user=acting_user, reason=reason)[0]


def do_set_posts(*, unit: Unit, posts: list[dict], acting_user, reason: str | None = None) -> list[Post]:
    """Several establishment rows of one unit at once (all or nothing). Rows not listed are left as they are."""
    require_edit_unit(acting_user, unit)
    cleaned = []
    seen: set[tuple[int, dt.date]] = set()
    for index, row in enumerate(posts):
        rank = row.get("rank")
        if not isinstance(rank, Rank):
            raise DomainError(_("Give a rank."), field=f"posts.{index}.rank")
        try:
            fte = clean_post(funded_fte=row.get("funded_fte"), effective_from=row.get("effective_from"),
                             effective_to=row.get("effective_to"))
        except DomainError as exc:
            field = exc.errors[0].field if exc.errors else ""
            raise DomainError(exc.message, field=f"posts.{index}.{field}" if len(posts) > 1 else field) from None
        key = (rank.pk, row["effective_from"])
        if key in seen:
            raise DomainError(_("%(rank)s from %(date)s is listed twice.") % {"rank": rank, "date": key[1]},
                              field=f"posts.{index}.rank")
        seen.add(key)
        cleaned.append((rank, fte, row["effective_from"], row.get("effective_to")))
    result = []
    with transaction.atomic(durable=True):
        for rank, fte, start, end in cleaned:
            post, before, changed = _set_post(unit=unit, rank=rank, funded_fte=fte, effective_from=start,
                                              effective_to=end)
            if changed:
                audit.record(actor=acting_user, action="org.post.created" if before is None else "org.post.updated",
                             obj=post, before=before, after=audit.snapshot(post), reason=reason or "",
                             unit_id=unit.pk)
            result.append(post)
    return result


def do_assign_role(*, user, role: str, unit: Unit | None = None, acting_user,
                   reason: str | None = None) -> RoleAssignment:
    """Give a user a role in a unit (administrators only)."""
    require_administrator(acting_user)
    if role not in Role.values or role == Role.STAFF:
        allowed = [r for r in Role.values if r != Role.STAFF]
        raise DomainError(_("'%(role)s' is not a role that can be assigned; allowed: %(allowed)s.")
                          % {"role": role, "allowed": ", ".join(allowed)}, field="role")
    if role == Role.ADMINISTRATOR:
        unit = None  # administrators act everywhere
    elif unit is None:
        raise DomainError(_("A %(role)s needs a unit.") % {"role": role}, field="unit")
    if not isinstance(user, get_user_model()):
        raise DomainError(_("Choose a user."), field="user")
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise DomainError(_("%(user)s is already %(role)s of %(unit)s.")
                          % {"user": user, "role": role, "unit": unit or _("everything")}, field="role")
    with transaction.atomic(durable=True):
        assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit)
        audit.record(actor=acting_user, action="org.role.assigned", obj=assignment,
                     after=audit.snapshot(assignment), reason=reason or "", unit_id=getattr(unit, "pk", None))
    return assignment


def do_remove_role(assignment: RoleAssignment, *, acting_user, reason: str | None = None) -> None:
    """Take a role away (administrators only). The last administrator cannot remove themselves."""
    require_administrator(acting_user)
    if (assignment.role == Role.ADMINISTRATOR
            and not RoleAssignment.objects.filter(role=Role.ADMINISTRATOR).exclude(pk=assignment.pk).exists()):
        raise DomainError(_("This is the last administrator; assign another one first."), field="role")
    with transaction.atomic(durable=True):
        before = audit.snapshot(assignment)
        audit.record(actor=acting_user, action="org.role.removed", obj=assignment, before=before,
                     reason=reason or "", unit_id=assignment.unit_id)
        assignment.delete()
