from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common: audit, permissions, time"

    def ready(self) -> None:
        from . import throttle  # noqa: F401  (connects the failed-login recorder)
