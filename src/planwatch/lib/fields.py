"""A form field as every form of the project shows it: label, widget, help text, errors.

Drawn in Python (`{% field_block field %}`, `lib/templatetags/fields.py`), not by a template
included once a field: the executor page draws ~100 fields, and an `{% include %}` of a
field's template cost ~0.1 ms each (a tenth of the page's CPU at national scale).
`tests/lib/test_fields.py` compares the HTML with the template it replaced.
"""

from __future__ import annotations

from django.forms import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _text(value) -> str:
    """`{{ value }}`: escaped unless safe; None and "" as nothing."""
    return conditional_escape("" if value is None else value)


def field_block(field: BoundField) -> SafeString:
    errors = field.errors
    widget = str(field)  # the widget's HTML (safe), aria-describedby included
    label = _text(field.label)
    if getattr(field.field.widget, "input_type", "") == "checkbox":
        control = f"\n  <label>{widget} {label}</label>\n  "
    else:
        control = f'\n  <label for="{_text(field.id_for_label)}">{label}</label>\n  {widget}\n  '
    help_html = ""
    if field.help_text:
        help_id = f' id="{_text(field.auto_id)}_helptext"' if field.auto_id else ""
        help_html = f'<div class="help"{help_id}>{_text(field.help_text)}</div>'
    error_html = str(errors) if errors else ""
    return mark_safe(
        f'<div class="field{" has-error" if errors else ""}">\n  {control}\n  {help_html}\n'
        f"  {error_html}\n</div>\n"
    )
