"""Forms: an execution report (draft or submit), the review actions, the schedule."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from planwatch.lib.params import MAX_ID
from planwatch.lib.uploads import clean_upload_name
from planwatch.lib.versioning import VersionField
from planwatch.lib.widgets import (
    FastClearableFileInput,
    FastHiddenInput,
    FastSelect,
    FastTextarea,
)
from planwatch.monitoring.evidence import MAX_FILES_PER_REPORT, check_upload
from planwatch.monitoring.models import Outcome, ReportingSchedule

NARRATIVE_MAX = 10_000


class MultipleFileInput(FastClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by its content (evidence.check_upload)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned, errors = [], []
        for upload in files:
            try:
                upload = super().clean(upload, initial)
                upload.name = clean_upload_name(upload.name)
                upload.evidence_kind = check_upload(upload)
                cleaned.append(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ExecutionReportForm(forms.Form):
    """One measure's report. Drafts may be incomplete; a submitted report needs both the
    status and the narrative. Numbers are asked for only where the indicator has targets."""

    outcome = forms.ChoiceField(
        label=_("Status"),
        choices=[("", "—"), *Outcome.choices],
        required=False,
        widget=FastSelect,  # one per card on the executor page
    )
    narrative = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=FastTextarea(attrs={"rows": 4}),
    )
    files = MultipleFileField(
        label=_("Evidence (PDF, images, .docx)"),
        required=False,
    )
    # The report's version when the form was shown (workflow.version_of); see save_report.
    seen = forms.CharField(widget=FastHiddenInput, required=False)

    def __init__(self, *args, targets=(), existing_files: int = 0, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        self.existing_files = existing_files
        self.submitting = submitting
        for index, target in enumerate(self.targets):
            self.fields[f"value_{index}"] = forms.DecimalField(
                label=_("Reached (target: %(value)s %(unit)s)")
                % {"value": target.get("value"), "unit": target.get("unit") or ""},
                help_text=target.get("text", "")[:200],
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=2,
            )

    def value_fields(self):
        return [self[f"value_{i}"] for i in range(len(self.targets))]

    def is_blank(self) -> bool:
        """Nothing typed or attached: "submit all" skips such forms."""
        if not self.is_bound:
            return True
        names = ["outcome", "narrative", *(f"value_{i}" for i in range(len(self.targets)))]
        typed = any((self.data.get(self.add_prefix(n)) or "").strip() for n in names)
        return not typed and not self.files.getlist(self.add_prefix("files"))

    def is_edited(self) -> bool:
        """Something typed differs from the saved report, or a file is attached.

        "Submit all" hands in only these (and the ticked ones): a report the coordinator
        returned and nobody touched since must not go back unchanged with the comment gone."""
        if not self.is_bound:
            return False
        if self.files.getlist(self.add_prefix("files")):
            return True
        names = ["outcome", "narrative", *(f"value_{i}" for i in range(len(self.targets)))]
        return any(
            _same(self.data.get(self.add_prefix(n)), self.initial.get(n)) is False for n in names
        )

    def clean_narrative(self) -> str:
        return " ".join(self.cleaned_data["narrative"].split(" ")).strip()

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) + self.existing_files > MAX_FILES_PER_REPORT:
            raise ValidationError(
                ngettext(
                    "A report holds at most %(n)s file.",
                    "A report holds at most %(n)s files.",
                    MAX_FILES_PER_REPORT,
                )
                % {"n": MAX_FILES_PER_REPORT}
            )
        return files

    def clean(self):
        data = super().clean()
        if self.submitting:
            if not data.get("outcome"):
                self.add_error("outcome", _("Choose the status before submitting."))
            if not data.get("narrative") and "narrative" not in self.errors:
                self.add_error("narrative", _("Say what was done before submitting."))
        return data

    def values(self) -> list[dict]:
        out = []
        for index, target in enumerate(self.targets):
            value = self.cleaned_data.get(f"value_{index}")
            out.append(
                {
                    "target": target.get("value"),
                    "unit": target.get("unit", ""),
                    "text": target.get("text", ""),
                    "value": None if value is None else float(value),
                }
            )
        return out


def _same(typed, saved) -> bool:
    """Typed text equals the saved value, spacing and number spelling aside ("85" == 85.0)."""
    typed = " ".join(str(typed if typed is not None else "").split())
    saved = " ".join(str(saved if saved is not None else "").split())
    if typed == saved:
        return True
    try:
        return Decimal(typed.replace(",", ".")) == Decimal(saved)
    except (ArithmeticError, ValueError):
        return False


class ReviewForm(forms.Form):
    ACTIONS = [("accept", _("Accept")), ("return", _("Return")), ("reopen", _("Reopen"))]
    action = forms.ChoiceField(choices=ACTIONS)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The version of the report the reviewer read (lib.versioning): accepting or returning a
    # report the executor changed since is refused.
    version = VersionField()

    def clean(self):
        data = super().clean()
        if data.get("action") in ("return", "reopen") and not data.get("comment", "").strip():
            self.add_error(
                "comment",
                _("Say what to change.")
                if data["action"] == "return"
                else _("Give the reason for reopening."),
            )
        return data


class IdListField(forms.Field):
    """The ids of the ticked checkboxes (`name="expected"`, many values); at most MAX_IDS."""

    widget = forms.MultipleHiddenInput
    MAX_IDS = 500

    def to_python(self, value) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            ids = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise ValidationError(_("Invalid selection.")) from None
        if ids and not (ids[0] >= 1 and ids[-1] <= MAX_ID):
            raise ValidationError(_("Invalid selection."))
        if len(ids) > self.MAX_IDS:
            raise ValidationError(
                ngettext(
                    "At most %(n)s report at once.", "At most %(n)s reports at once.", self.MAX_IDS
                )
                % {"n": self.MAX_IDS}
            )
        return ids


class BulkReviewForm(forms.Form):
    """Accept several submitted reports, or return them all with one comment."""

    ACTIONS = [("accept", _("Accept")), ("return", _("Return"))]
    action = forms.ChoiceField(choices=ACTIONS)
    comment = forms.CharField(
        label=_("Comment for the executors (required to return)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expected = IdListField(error_messages={"required": _("Choose at least one report.")})

    def clean(self):
        data = super().clean()
        if data.get("action") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what to change."))
        return data


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ReportingSchedule
        fields = [
            "frequency",
            "executor_due_days",
            "summary_due_days",
            "partners",
            "remind_before_days",
        ]

    def clean_executor_due_days(self) -> int:
        days = self.cleaned_data["executor_due_days"]
        if not 1 <= days <= 120:
            raise ValidationError(_("Between 1 and 120 days."))
        return days

    def clean_summary_due_days(self) -> int:
        days = self.cleaned_data["summary_due_days"]
        if not 1 <= days <= 180:
            raise ValidationError(_("Between 1 and 180 days."))
        return days

    def clean(self):
        data = super().clean()
        executor, summary = data.get("executor_due_days"), data.get("summary_due_days")
        if executor and summary and summary < executor:
            self.add_error(
                "summary_due_days",
                ngettext(
                    "The summary comes after the executors' reports (at least %(n)s day).",
                    "The summary comes after the executors' reports (at least %(n)s days).",
                    executor,
                )
                % {"n": executor},
            )
        return data

    def clean_remind_before_days(self) -> int:
        days = self.cleaned_data["remind_before_days"]
        if days > 30:
            raise ValidationError(_("At most 30 days."))
        return days
