from django.urls import path

from . import views

app_name = "worktime"
urlpatterns = [
    path("rules/", views.rule_packs, name="rule-packs"),
    path("rules/tighten/", views.tighten, name="tighten"),
    path("rules/tightenings/<int:pk>/remove/", views.remove_tightening, name="remove-tightening"),
]
