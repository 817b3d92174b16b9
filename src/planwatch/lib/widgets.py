"""Widgets drawn in Python with the very HTML of Django's own templates, for pages that draw
many: Django's select.html includes a template per option (about 1 ms a select), and the
executor page has a status select on each of its 20 cards."""

from __future__ import annotations

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


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


class FastSelect(forms.Select):
    """forms.Select, its HTML the same as select.html + select_option.html give."""

    def _render(self, template_name, context, renderer=None):
        if template_name != forms.Select.template_name or (
            self.option_template_name != forms.Select.option_template_name
        ):
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        out = [f'<select name="{_text(widget["name"])}"{flat_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                value = _format(option["value"])
                out.append(
                    f'\n  <option value="{value}"{flat_attrs(option["attrs"])}>'
                    f"{_text(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))
