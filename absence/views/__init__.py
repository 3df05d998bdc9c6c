"""Absence pages: my leave, a person's absences and balances, a unit's absences, recording (one person or a
group), sickness, court, the forecast and reports. Thin: reads here, writes through absence.actions."""
