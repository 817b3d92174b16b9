"""Labels for the importer's codes (heading kinds, funding categories) in the UI language."""

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

register = template.Library()

KINDS = {
    "section": _("Section"),
    "strategic_goal": _("Strategic goal"),
    "operational_goal": _("Operational goal"),
    "task": _("Task"),
    "goal": _("Goal"),
}

FUNDING = {
    "state_budget": _("state budget"),
    "oblast_budget": _("oblast budget"),
    "district_budget": _("district budget"),
    "local_budget": _("local budget"),
    "extra_budgetary": _("extra-budgetary funds"),
    "international": _("international donors"),
    "ngo": _("NGO funds"),
    "not_required": _("no funding needed"),
    "within_estimates": _("within the budget estimates"),
    "other": _("other sources"),
}


@register.filter
def kind_label(kind: str) -> str:
    return KINDS.get(kind or "", (kind or "").replace("_", " "))


@register.filter
def funding_labels(sources) -> str:
    return ", ".join(str(FUNDING.get(s, s)) for s in sources or [])


FIELD_LABELS = {
    "number": _("number"),
    "text": _("measure"),
    "deadline_text": _("deadline"),
    "funding_text": _("funding"),
    "executors_text": _("executors"),
    "indicator_text": _("indicator"),
    "title": _("title"),
    "status": _("status"),
    "is_public": _("shown on the public pages"),
}


@register.filter
def field_label(name: str) -> str:
    """Audit and diff entries store field names; people read the column names."""
    return str(FIELD_LABELS.get(name, name))


@register.filter
def funding_label(source: str) -> str:
    """One funding-source code → its label ("" → "source not given")."""
    return str(FUNDING.get(source or "", source or _("source not given")))


@register.filter
def person(user) -> str:
    """A person where a person's name belongs ("… прийняв(ла)"): the full name, or "user <login>"
    when the account has no name, so a login never reads as a name; "—" for nobody."""
    if user is None or not getattr(user, "pk", None):
        return "—"
    name = user.get_full_name().strip()
    if name:
        return name
    return pgettext("a person without a name", "user %(login)s") % {"login": user.get_username()}


RECURRENCE = {
    "monthly": _("monthly"),
    "quarterly": _("quarterly"),
    "half_yearly": _("every half-year"),
    "annually": _("annually"),
    "continuous": _("continuously"),
    "as_needed": _("as needed"),
}


@register.filter
def recurrence_label(code: str) -> str:
    """A deadline's recurrence code (`as_needed`) as words."""
    return str(RECURRENCE.get(code or "", code or ""))


@register.filter
def iso_date(value) -> str:
    """An ISO date string of a plan document ("2025-01-31") as the interface writes dates."""
    import datetime as dt

    from django.utils.formats import date_format

    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    return date_format(day, "SHORT_DATE_FORMAT")


# A report's history reads "<person> <what they did>": past-tense verbs, not the states the
# choice labels name elsewhere ("accepted" is "прийнято" on the dashboard, "прийняв(ла)" here).
REPORT_EVENTS = {
    "saved": pgettext_lazy("report event", "saved a draft"),
    "submitted": pgettext_lazy("report event", "submitted"),
    "returned": pgettext_lazy("report event", "returned for changes"),
    "accepted": pgettext_lazy("report event", "accepted"),
    "reopened": pgettext_lazy("report event", "reopened"),
}


@register.filter
def report_event(event) -> str:
    return str(REPORT_EVENTS.get(event.action) or event.get_action_display())


@register.filter
def audit_value(value):
    """A value an audit entry stored: a flag as "так" / "ні", anything else as it is."""
    if isinstance(value, bool):
        from django.template.defaultfilters import yesno

        return yesno(value)
    return value
