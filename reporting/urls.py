from django.urls import path

from . import views, views_absence

app_name = "reporting"
urlpatterns = [
    path("units/<int:pk>/", views.unit_page, name="unit"),
    path("units/<int:pk>/absence-outlook/", views_absence.absence_outlook_page, name="absence-outlook"),
    path("units/<int:pk>/queues/<int:queue_pk>/apply-shrinkage/", views_absence.apply_observed_shrinkage,
         name="apply-shrinkage"),
]
