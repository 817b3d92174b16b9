"""Labels for the importer's codes (heading kinds, funding categories) in the UI language."""

from django import template
from django.utils.translation import gettext_lazy as _

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
