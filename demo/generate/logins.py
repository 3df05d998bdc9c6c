"""One demo login per role, sharing one password printed beside them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from common.choices import Role
from org.models import RoleAssignment, Unit
from people.models import Person

from .context import DemoContext

DEMO_PASSWORD = "muster-demo-2026"

# username, role, unit code (None: everywhere), what to say about it, role of the reserved person the login is
# linked to (None: no person record). Staff members need no role row: they see their own record.
DEMO_LOGINS = [
    ("admin", Role.ADMINISTRATOR, None, "administrator of everything", None),
    ("planner", Role.PLANNER, "north", "plans North LPA (its stations and teams)", None),
    ("manager", Role.MANAGER, "northtown", "manages Northtown station (its inspector)", "station-inspector"),
    ("officer", Role.STAFF, "northtown-response-a", "a constable in Northtown Response Team A",
     "response-constable"),
    ("planner111", Role.PLANNER, "northshire-111", "plans Northshire 111", None),
    ("advisor", Role.STAFF, "kestrel-house-ha-1", "a health advisor at Kestrel House", "health-advisor"),
]
DEMO_USERNAMES = [username for username, *_ in DEMO_LOGINS]


def create_logins(ctx: DemoContext) -> None:
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 is deliberately slow
    units = {u.code: u for u in Unit.objects.filter(code__in=[code for _, _, code, _, _ in DEMO_LOGINS if code])}
    for username, role, unit_code, scope, linked_role in DEMO_LOGINS:
        user = User.objects.create(username=username, password=password, is_staff=role == Role.ADMINISTRATOR,
                                   is_superuser=role == Role.ADMINISTRATOR)
        if role != Role.STAFF:
            RoleAssignment.objects.create(user=user, role=role, unit=None if role == Role.ADMINISTRATOR
                                          else units[unit_code])
        person_name = ""
        if linked_role:
            plan = next(p for p in ctx.people if p.reserved and p.unit == unit_code and p.role == linked_role)
            Person.objects.filter(pk=plan.pk).update(user=user)
            person_name = f"{plan.first_name} {plan.last_name} ({plan.payroll_number})"
            user.first_name, user.last_name, user.email = plan.first_name, plan.last_name, plan.email
            user.save(update_fields=["first_name", "last_name", "email"])
        ctx.logins.append({"username": username, "role": str(role), "scope": scope, "person": person_name})


def existing_logins() -> list[dict]:
    """The demo logins present in this database, described as when they were created."""
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES).select_related("person")}
    logins = []
    for username, role, _, scope, _ in DEMO_LOGINS:
        user = users.get(username)
        if user is None:
            continue
        person = getattr(user, "person", None)
        logins.append({"username": username, "role": str(role), "scope": scope,
                       "person": f"{person.full_name} ({person.payroll_number})" if person else ""})
    return logins
