"""The project's own app: health, backups, the corpus generator and benchmarks, lookups."""

from django.apps import AppConfig


class KbaseConfig(AppConfig):
    name = "kbase"
    verbose_name = "kbase"

    def ready(self) -> None:
        from kbase import lookups  # noqa: F401 - registers field__any_of
