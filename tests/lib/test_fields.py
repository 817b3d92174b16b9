"""`{% field_block %}` (planwatch.lib.fields) draws a form field exactly as the template it
replaced did: label, widget, help text and errors, for every kind of widget and state."""

from __future__ import annotations

from django import forms
from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils.safestring import mark_safe
from django.utils.translation import override

from planwatch.lib.fields import field_block
from planwatch.monitoring.forms import ExecutionReportForm

# The template `_field.html` as it was, the reference for the HTML.
REPLACED = """<div class="field{% if field.errors %} has-error{% endif %}">
  {% if field.field.widget.input_type == "checkbox" %}
  <label>{{ field }} {{ field.label }}</label>
  {% else %}
  <label for="{{ field.id_for_label }}">{{ field.label }}</label>
  {{ field }}
  {% endif %}
  {% if field.help_text %}<div class="help"{% if field.auto_id %} id="{{ field.auto_id }}_helptext"{% endif %}>{{ field.help_text }}</div>{% endif %}
  {% if field.errors %}{{ field.errors }}{% endif %}
</div>
"""


class Every(forms.Form):
    name = forms.CharField(label="Назва <і> & «лапки»", help_text="Не більше 200 знаків")
    agree = forms.BooleanField(label="Згоден", required=False)
    kind = forms.ChoiceField(choices=[("a", "A<"), ("b", "B")], help_text=mark_safe("<b>x</b>"))
    note = forms.CharField(widget=forms.Textarea, required=False, label="")
    when = forms.DateField(required=False, help_text="дд.мм.рррр")
    count = forms.IntegerField(min_value=0, required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    files = forms.FileField(required=False)
    shown = forms.CharField(required=False, show_hidden_initial=True, initial="x")


TARGETS = [{"value": 2, "unit": "сім'ї", "text": "2 прийомні сім'ї"}, {"value": 10, "unit": ""}]


class FieldBlockTestCase(SimpleTestCase):
    def assertSame(self, form):
        reference = Template(REPLACED)
        for field in form:
            with self.subTest(field=field.name, bound=form.is_bound, auto_id=form.auto_id):
                self.assertEqual(field_block(field), reference.render(Context({"field": field})))

    def test_every_widget_unbound_bound_and_with_errors(self):
        bad = {"name": "", "kind": "zzz", "when": "31.02.2025", "count": "-1", "agree": "on"}
        for lang in ("uk", "en"):
            with override(lang):
                for auto_id in ("id_%s", False):
                    self.assertSame(Every(auto_id=auto_id))
                    self.assertSame(Every(bad, auto_id=auto_id))
                    self.assertSame(
                        Every({"name": "ок", "kind": "a"}, auto_id=auto_id, prefix="p1")
                    )

    def test_the_executor_cards_form(self):
        for data in (None, {"r7-outcome": "nonsense", "r7-narrative": "x" * 20}):
            form = ExecutionReportForm(data, prefix="r7", targets=TARGETS)
            if data:
                form.is_valid()
            self.assertSame(form)

    def test_the_tag_in_a_template(self):
        html = Template("{% load fields %}{% field_block form.name %}").render(
            Context({"form": Every()})
        )
        self.assertIn('<label for="id_name">Назва &lt;і&gt; &amp; «лапки»</label>', html)
        self.assertIn('<div class="help" id="id_name_helptext">', html)
