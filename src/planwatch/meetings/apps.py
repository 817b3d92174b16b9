from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "planwatch.meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from planwatch.meetings import duties

        duties.register()
