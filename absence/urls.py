from django.urls import path

from .views import court, insight, mine, people, sickness, units

app_name = "absence"
urlpatterns = [
    path("absence/", units.index, name="index"),
    path("my/leave/", mine.my_leave, name="my-leave"),
    path("my/leave/<int:pk>/cancel/", mine.cancel_mine, name="my-leave-cancel"),
    path("absence/people/<int:pk>/", people.person_absence, name="person"),
    path("absence/people/<int:pk>/balance/", people.person_balance, name="person-balance"),
    path("absence/people/<int:pk>/sickness/", sickness.person_sickness, name="person-sickness"),
    path("absence/abstractions/<int:pk>/cancel/", people.cancel, name="cancel"),
    path("absence/abstractions/<int:pk>/sickness/", sickness.sickness_update, name="sickness-update"),
    path("absence/units/<slug:code>/", units.unit_absences, name="unit"),
    path("absence/units/<slug:code>/record/", units.record, name="record"),
    path("absence/units/<slug:code>/policy/", units.policy, name="policy"),
    path("absence/units/<slug:code>/sickness/", sickness.unit_sickness, name="unit-sickness"),
    path("absence/units/<slug:code>/court/", court.court, name="court"),
    path("absence/units/<slug:code>/forecast/", insight.forecast, name="forecast"),
    path("absence/units/<slug:code>/reports/", insight.reports, name="reports"),
    path("absence/units/<slug:code>/reports.xlsx", insight.reports_xlsx, name="reports-xlsx"),
]
