from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("units/<int:pk>/", views.unit_page, name="unit"),
]
