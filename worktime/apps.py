from django.apps import AppConfig


class WorktimeConfig(AppConfig):
    name = "worktime"
