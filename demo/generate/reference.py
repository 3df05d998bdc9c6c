"""Reference data the demo needs: staff groups, ranks / grades / bands, skills and abstraction types.

Rows are matched by code and only created when missing, so a database that already holds (and perhaps tuned)
reference data keeps it, and a reset keeps it too."""

from absence.choices import AbstractionCategory
from absence.models import AbstractionType
from org.choices import StaffGroupKind
from org.models import Rank, StaffGroup
from people.models import Skill

from .context import DemoContext

# code, name, kind, rule pack (RULES.md C-1)
STAFF_GROUPS = [
    ("police-officer", "Police officer", StaffGroupKind.POLICE_OFFICER, "police-officer"),
    ("police-staff", "Police staff", StaffGroupKind.POLICE_STAFF, "police-staff"),
    ("special", "Special constable", StaffGroupKind.SPECIAL, "police-officer"),
    ("pcso", "PCSO", StaffGroupKind.PCSO, "police-staff"),
    ("call-handler", "Call handler", StaffGroupKind.CALL_HANDLER, "nhs-afc"),
    ("clinician", "Clinician", StaffGroupKind.CLINICIAN, "nhs-afc"),
]

# code, name, staff group, seniority (higher is more senior)
RANKS = [
    ("constable", "Constable", "police-officer", 10),
    ("sergeant", "Sergeant", "police-officer", 20),
    ("inspector", "Inspector", "police-officer", 30),
    ("chief-inspector", "Chief Inspector", "police-officer", 40),
    ("superintendent", "Superintendent", "police-officer", 50),
    ("chief-superintendent", "Chief Superintendent", "police-officer", 60),
    ("special-constable", "Special Constable", "special", 10),
    ("special-sergeant", "Special Sergeant", "special", 20),
    ("pcso", "PCSO", "pcso", 10),
    ("apprentice", "Apprentice", "police-staff", 1),
    ("scale-3", "Scale 3", "police-staff", 3),
    ("scale-4", "Scale 4", "police-staff", 4),
    ("scale-5", "Scale 5", "police-staff", 5),
    ("so1", "SO1", "police-staff", 7),
    ("so2", "SO2", "police-staff", 8),
    ("po1", "PO1", "police-staff", 9),
    ("afc-band-3", "Band 3", "call-handler", 3),
    ("afc-band-4", "Band 4", "call-handler", 4),
    ("afc-band-5", "Band 5", "call-handler", 5),
    ("afc-band-6", "Band 6", "clinician", 6),
    ("afc-band-7", "Band 7", "clinician", 7),
    ("afc-band-8a", "Band 8a", "clinician", 8),
]

# The ranks a person climbs through, so promotions in the movement history start from the bottom rung.
LADDERS = {
    "police-officer": ["constable", "sergeant", "inspector", "chief-inspector", "superintendent",
                       "chief-superintendent"],
    "special": ["special-constable", "special-sergeant"],
    "police-staff": ["scale-4", "scale-5", "so1", "so2", "po1"],
    "call-handler": ["afc-band-3", "afc-band-4", "afc-band-5"],
    "clinician": ["afc-band-6", "afc-band-7", "afc-band-8a"],
}

# code, name, validity in months (None: never expires), training days to renew (0: not a course)
SKILLS = [
    ("pst", "Personal safety training (PST)", 12, 1),
    ("first-aid", "First aid", 36, 1),
    ("response-driver-standard", "Response driver (standard)", 60, 3),
    ("response-driver-advanced", "Response driver (advanced)", 60, 3),
    ("taser", "Taser", 12, 1),
    ("public-order-l2", "Public order level 2", 12, 1),
    ("psu-driver", "PSU carrier driver", 36, 1),
    ("firearms-afo", "Firearms (AFO)", 12, 2),
    ("tutor-constable", "Tutor constable", None, 0),
    ("custody", "Custody trained", 36, 2),
    ("pip2", "Investigator (PIP level 2)", None, 0),
    ("control-room-dispatch", "Control room dispatcher", None, 0),
    ("nhs-pathways", "NHS Pathways licence", 12, 1),
    ("dual-call-handler", "Dual call-handler (111/999)", None, 0),
    ("prescriber", "Independent prescriber", None, 0),
    ("paramedic-registration", "Paramedic registration (HCPC)", 24, 0),
    ("nmc-registration", "Nurse registration (NMC)", 36, 0),
    ("mental-health", "Mental health practitioner", None, 0),
]
RENEWAL_COURSE_DAYS = {code: course_days for code, _, _, course_days in SKILLS}

C = AbstractionCategory
# code, name, category, then flags: removes from roster, counts as working time (WTR), excluded day for the WTR
# average (RULES.md WTR-1), paid, needs approval, health data.
ABSTRACTION_TYPES = [
    ("annual-leave", "Annual leave", C.LEAVE, True, False, True, True, True, False),
    ("sickness", "Sickness", C.SICKNESS, True, False, True, True, False, True),
    ("training", "Training", C.TRAINING, True, True, False, True, False, False),
    ("court", "Court attendance", C.COURT, True, True, False, True, False, False),
    # Restricted and recuperative duties are deployment states, not absences (ABS-2): the person stays rostered.
    ("restricted-duties", "Restricted duties", C.RESTRICTION, False, False, False, True, False, False),
    ("recuperative-duties", "Recuperative duties", C.RESTRICTION, False, False, False, True, False, True),
    ("maternity", "Maternity leave", C.PARENTAL, True, False, True, True, False, False),
    ("paternity", "Paternity leave", C.PARENTAL, True, False, True, True, True, False),
    ("adoption", "Adoption leave", C.PARENTAL, True, False, True, True, True, False),
    ("parental", "Parental leave (unpaid)", C.PARENTAL, True, False, True, False, True, False),
    ("secondment", "Secondment", C.OTHER, True, False, False, True, True, False),
    ("toil", "Time off in lieu (TOIL)", C.LEAVE, True, False, False, True, True, False),
    ("rdil", "Rest day in lieu (RDiL)", C.LEAVE, True, False, False, True, True, False),
    # Bank holidays are part of the 5.6 weeks of statutory leave (WTR-9), so excluded like annual leave.
    ("bank-holiday-off", "Bank holiday off", C.LEAVE, True, False, True, True, False, False),
    ("unpaid-leave", "Unpaid leave", C.LEAVE, True, False, False, False, True, False),
    ("suspension", "Suspension", C.OTHER, True, False, False, True, False, False),
    ("compassionate", "Compassionate leave", C.LEAVE, True, False, False, True, True, False),
    ("dependants", "Time off for dependants", C.LEAVE, True, False, False, False, False, False),
    ("jury-service", "Jury service", C.COURT, True, False, False, True, False, False),
]


def ensure_reference_data(ctx: DemoContext) -> None:
    groups = {g.code: g for g in StaffGroup.objects.all()}
    missing = [StaffGroup(code=code, name=name, kind=kind, rule_pack=pack)
               for code, name, kind, pack in STAFF_GROUPS if code not in groups]
    for group in StaffGroup.objects.bulk_create(missing):
        groups[group.code] = group
    ctx.staff_groups = groups

    ranks = {r.code: r for r in Rank.objects.all()}
    missing = [Rank(code=code, name=name, staff_group=groups[group], seniority=seniority)
               for code, name, group, seniority in RANKS if code not in ranks]
    for rank in Rank.objects.bulk_create(missing):
        ranks[rank.code] = rank
    ctx.ranks = ranks

    skills = {s.code: s for s in Skill.objects.all()}
    missing = [Skill(code=code, name=name, validity_months=months)
               for code, name, months, _ in SKILLS if code not in skills]
    for skill in Skill.objects.bulk_create(missing):
        skills[skill.code] = skill
    ctx.skills = skills

    types = {t.code: t for t in AbstractionType.objects.all()}
    missing = [
        AbstractionType(code=code, name=name, category=category, removes_from_roster=removes,
                        counts_as_working_time=working, excluded_from_wtr_average=excluded, paid=paid,
                        needs_approval=approval, health_data=health)
        for code, name, category, removes, working, excluded, paid, approval, health in ABSTRACTION_TYPES
        if code not in types
    ]
    for kind in AbstractionType.objects.bulk_create(missing):
        types[kind.code] = kind
    ctx.abstraction_types = types
