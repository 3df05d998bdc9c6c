from django.urls import path

from . import views

app_name = "cover"
urlpatterns = [
    path("cover/", views.index, name="index"),
    path("cover/units/<slug:code>/", views.board, name="board"),
    path("cover/units/<slug:code>/report/", views.report, name="report"),
    path("cover/units/<slug:code>/options/", views.options, name="options"),
    path("cover/units/<slug:code>/apply/", views.apply, name="apply"),
    path("cover/units/<slug:code>/roll-call/", views.roll_call_page, name="roll-call"),
]
