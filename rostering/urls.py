from django.urls import path

from .views import mine, patterns, roster

app_name = "rostering"
urlpatterns = [
    path("rostering/", roster.index, name="index"),
    path("rostering/shift-types/", patterns.shift_types, name="shift-types"),
    path("rostering/shift-types/<int:pk>/", patterns.shift_type_edit, name="shift-type-edit"),
    path("rostering/shift-types.css", patterns.shift_types_css, name="shift-types-css"),
    path("rostering/patterns/", patterns.pattern_list, name="patterns"),
    path("rostering/patterns/new/", patterns.pattern_edit, name="pattern-new"),
    path("rostering/patterns/import/", patterns.pattern_import, name="pattern-import"),
    path("rostering/patterns/preview/", patterns.pattern_preview, name="pattern-preview"),
    path("rostering/patterns/<int:pk>/", patterns.pattern_edit, name="pattern-edit"),
    path("rostering/units/<slug:code>/teams/", patterns.teams, name="teams"),
    path("rostering/units/<slug:code>/roster/", roster.roster, name="roster"),
    path("rostering/units/<slug:code>/cell/", roster.roster, name="cell-base"),
    path("rostering/units/<slug:code>/cell/<int:person_id>/<str:day>/", roster.cell, name="cell"),
    path("rostering/units/<slug:code>/cell/<int:person_id>/<str:day>/check/", roster.cell_check, name="cell-check"),
    path("rostering/units/<slug:code>/bulk/", roster.bulk, name="bulk"),
    path("rostering/units/<slug:code>/materialise/", roster.materialise, name="materialise"),
    path("rostering/units/<slug:code>/publish/", roster.publish, name="publish"),
    path("rostering/units/<slug:code>/changes/", roster.changes, name="changes"),
    path("my/duties/", mine.my_duties, name="my-duties"),
    path("my/calendar-feed/", mine.calendar_feed, name="calendar-feed"),
    path("calendar/<str:token>.ics", mine.ics_feed, name="ics"),
    path("notifications/", mine.notifications, name="notifications"),
]
