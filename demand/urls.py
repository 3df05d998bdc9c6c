from django.urls import path

from . import views

app_name = "demand"
urlpatterns = [
    path("demand/", views.index, name="index"),
    path("demand/queues/new/", views.queue_new, name="queue-new"),
    path("demand/queues/<int:pk>/", views.queue_page, name="queue"),
    path("demand/queues/<int:pk>/settings/", views.queue_settings, name="queue-settings"),
    path("demand/queues/<int:pk>/import/", views.import_history, name="import"),
    path("demand/queues/<int:pk>/forecasts/", views.forecast_new, name="forecast-new"),
    path("demand/forecasts/<int:pk>/", views.forecast_page, name="forecast"),
    path("demand/forecasts/<int:pk>/adjust/", views.adjust_day, name="adjust"),
    path("demand/forecasts/<int:pk>/requirement.csv", views.requirement_csv, name="requirement-csv"),
    path("demand/forecasts/<int:pk>/shifts/", views.design_new, name="design-new"),
    path("demand/shift-designs/<int:pk>/", views.design_page, name="design"),
]
