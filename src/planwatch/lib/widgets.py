"""Widgets drawn in Python with the very HTML of Django's own templates, for pages that draw
many: the executor page has 20 cards of 5–8 fields each, and a widget drawn through
templates costs a template render (plus one per option of a select: about 1 ms a select).

Only Django's stock templates are replaced (a widget given another template is drawn by it);
this project overrides none of them. `tests/lib/test_widgets.py` compares both outputs.
"""

from __future__ import annotations

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

_INPUTS = {f"django/forms/widgets/{kind}.html" for kind in ("text", "hidden", "number")}
_TEXTAREA = "django/forms/widgets/textarea.html"
_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"
_CLEARABLE = "django/forms/widgets/clearable_file_input.html"


def _text(value) -> str:
    """`{{ value }}` in a template: localized, escaped unless safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _format(value) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe string safe."""
    text = str(value)
    return text if hasattr(value, "__html__") else conditional_escape(text)


def flat_attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, none for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}")
        if value is not True:
            out.append(f'="{_format(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_format(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{flat_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{flat_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict) -> str:
    out = [f'<select name="{_text(widget["name"])}"{flat_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            out.append(
                f'\n  <option value="{_format(option["value"])}"{flat_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class PythonRendered:
    """Mixin for a forms.Widget: its stock template drawn in Python."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if template_name in _INPUTS:
            return mark_safe(_input(widget))
        if template_name == _TEXTAREA:
            return mark_safe(_textarea(widget))
        if template_name == _CLEARABLE and not widget["is_initial"]:  # no file yet: an input
            return mark_safe(_input({**widget, "value": None}))
        if template_name == _SELECT and getattr(self, "option_template_name", "") == _OPTION:
            return mark_safe(_select(widget))
        return super()._render(template_name, context, renderer)


class FastSelect(PythonRendered, forms.Select):
    pass


class FastTextInput(PythonRendered, forms.TextInput):
    pass


class FastHiddenInput(PythonRendered, forms.HiddenInput):
    pass


class FastTextarea(PythonRendered, forms.Textarea):
    pass


class FastClearableFileInput(PythonRendered, forms.ClearableFileInput):
    pass
