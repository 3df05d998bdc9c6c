from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("events/", views.index, name="index"),
    path("events/new/", views.create, name="create"),
    path("events/overview/", views.overview_page, name="overview"),
    path("events/mine/", views.mine, name="mine"),
    path("events/<int:pk>/", views.detail, name="detail"),
    path("events/<int:pk>/edit/", views.edit, name="edit"),
    path("events/<int:pk>/status/", views.status, name="status"),
    path("events/<int:pk>/phases/", views.phase_add, name="phase-add"),
    path("events/<int:pk>/requirements/", views.requirement_set, name="requirement-set"),
    path("events/<int:pk>/mutual-aid/", views.mutual_aid, name="mutual-aid"),
    path("events/<int:pk>/candidates/", views.candidates, name="candidates"),
    path("events/<int:pk>/propose/", views.propose, name="propose"),
    path("events/<int:pk>/add/", views.add_person, name="add-person"),
    path("events/<int:pk>/assignments/<int:assignment_pk>/remove/", views.remove, name="remove"),
    path("events/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("events/<int:pk>/debrief/", views.debrief, name="debrief"),
    path("events/<int:pk>/assignments/<int:assignment_pk>/attendance/", views.attendance, name="attendance"),
    path("events/<int:pk>/export.xlsx", views.export, name="export"),
]
