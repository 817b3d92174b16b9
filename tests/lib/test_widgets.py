"""The widgets drawn in Python (planwatch.lib.widgets) give the very HTML of Django's own
templates: values, attributes, escaping, option groups, bound forms with errors."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.test import SimpleTestCase
from django.utils.safestring import mark_safe
from django.utils.translation import override

from planwatch.lib.widgets import FastHiddenInput, FastSelect, FastTextarea, FastTextInput
from planwatch.monitoring.forms import ExecutionReportForm
from planwatch.monitoring.models import Outcome

ATTRS = [
    {},
    {"id": "id_r1-x"},
    {"id": "x", "required": True, "disabled": False, "aria-invalid": "true"},
    {"data-x": '<"&>', "size": 10, "inputmode": "decimal", "class": mark_safe("a&b")},
]
CHOICES = [
    [("", "—"), *Outcome.choices],
    [(1, "a<b"), (2, mark_safe("<i>x</i>")), ("G<1>", [(3, "c"), (4, 4.5)]), ("", [(5, "e")])],
    [(1.5, 1234567), (mark_safe("a&b"), "z")],
]
VALUES = [None, "", "done", "a<b>&\"'", 3, 1.5, Decimal("1250.500"), mark_safe("<b>"), [3]]


class WidgetHtmlTestCase(SimpleTestCase):
    def assertSameHtml(self, stock, fast, name, value, attrs):
        self.assertEqual(
            fast.render(name, value, dict(attrs)), stock.render(name, value, dict(attrs))
        )

    def test_inputs_and_textarea(self):
        pairs = [
            (forms.TextInput, FastTextInput),
            (forms.HiddenInput, FastHiddenInput),
            (forms.Textarea, FastTextarea),
        ]
        for lang in ("uk", "en"):
            with override(lang):
                for stock, fast in pairs:
                    for value in VALUES[:-1]:
                        for attrs in ATTRS:
                            with self.subTest(lang=lang, widget=stock, value=value, attrs=attrs):
                                self.assertSameHtml(stock(), fast(), "f<x", value, attrs)

    def test_select(self):
        for lang in ("uk", "en"):
            with override(lang):
                for choices in CHOICES:
                    for value in VALUES:
                        for attrs in ATTRS:
                            with self.subTest(lang=lang, choices=choices, value=value):
                                self.assertSameHtml(
                                    forms.Select(choices=choices),
                                    FastSelect(choices=choices),
                                    "f<x",
                                    value,
                                    attrs,
                                )

    def test_bound_report_form_with_errors(self):
        """The report form's own fields, bound to bad input, against stock widgets."""
        data = {"r1-outcome": "bad", "r1-narrative": "<script>", "r1-seen": "x"}
        fast = ExecutionReportForm(data, prefix="r1", submitting=True)
        stock = ExecutionReportForm(data, prefix="r1", submitting=True)
        stock_class = {FastSelect: forms.Select, FastTextarea: forms.Textarea}
        stock_class[FastHiddenInput] = forms.HiddenInput
        for name in ("outcome", "narrative", "seen"):
            widget = fast.fields[name].widget
            stock.fields[name].widget = stock_class[type(widget)](attrs=widget.attrs)
            stock.fields[name].widget.choices = getattr(widget, "choices", [])
        self.assertFalse(fast.is_valid())
        self.assertFalse(stock.is_valid())
        for name in ("outcome", "narrative", "seen"):
            with self.subTest(name=name):
                self.assertEqual(str(fast[name]), str(stock[name]))
        self.assertIn('aria-invalid="true"', str(fast["outcome"]))
        self.assertIn(">\n&lt;script&gt;</textarea>", str(fast["narrative"]))


class FileInputHtmlTestCase(SimpleTestCase):
    def test_file_inputs_without_a_file_yet(self):
        from planwatch.lib.widgets import FastClearableFileInput
        from planwatch.monitoring.forms import MultipleFileInput

        class StockMultiple(forms.ClearableFileInput):
            allow_multiple_selected = True

        for stock, fast in (
            (forms.ClearableFileInput, FastClearableFileInput),
            (StockMultiple, MultipleFileInput),
        ):
            for value in (None, ""):
                for attrs in [*ATTRS, {"accept": ".pdf,.png", "id": "id_r1-files"}]:
                    with self.subTest(widget=stock, value=value, attrs=attrs):
                        self.assertEqual(
                            fast().render("r1-files", value, dict(attrs)),
                            stock().render("r1-files", value, dict(attrs)),
                        )
