from django.urls import path

from . import views

app_name = "pay"
urlpatterns = [
    path("pay/", views.index, name="index"),
    path("pay/rates/", views.rate_tables, name="rate-tables"),
    path("pay/units/<slug:code>/overtime/", views.unit_overtime, name="unit-overtime"),
    path("pay/units/<slug:code>/overtime/new/", views.record_overtime, name="overtime-new"),
    path("pay/units/<slug:code>/budget/", views.set_budget, name="budget-set"),
    path("pay/overtime/<int:pk>/authorise/", views.authorise_overtime, name="overtime-authorise"),
    path("pay/overtime/<int:pk>/worked/", views.overtime_worked, name="overtime-worked"),
    path("pay/overtime/<int:pk>/cancel/", views.cancel_overtime, name="overtime-cancel"),
    path("pay/units/<slug:code>/changes/", views.unit_changes, name="unit-changes"),
    path("pay/my/overtime/", views.my_overtime, name="my-overtime"),
    path("pay/my/changes/", views.my_changes, name="my-changes"),
    path("pay/people/<int:pk>/willingness/", views.set_willingness, name="willingness"),
]
