"""Forms of the plans app. Every error is attached to the field it is about."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from planwatch.lib.uploads import clean_upload_name
from planwatch.lib.versioning import VersionField
from planwatch.orgs.models import Organization
from planwatch.plans.imports import Upload
from planwatch.plans.models import Plan, PlanStatus, Timing
from planwatch.plans.owners import exact_owner, owner_candidates

UPLOAD_EXTENSIONS = {".docx", ".pdf", ".txt", ".text", ".md", ".tsv", ".csv", ".xlsx", ".json"}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Plan document"))
    owner = forms.ModelChoiceField(
        Organization.objects.none(),
        label=_("Owner organisation"),
        required=False,
        empty_label=_("— the organisation the plan names —"),
    )
    keep_owner = forms.BooleanField(
        label=_("Keep the owner I chose, although the plan names another organisation"),
        required=False,
        widget=forms.HiddenInput,
    )
    plan = forms.ModelChoiceField(
        Plan.objects.none(),
        label=_("Amends an existing plan"),
        required=False,
        empty_label=_("— a new plan (or the plan with the same title) —"),
    )

    def __init__(self, *args, owners=None, plans=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            owners if owners is not None else Organization.objects.none()
        )
        self.fields["plan"].queryset = plans if plans is not None else Plan.objects.none()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload.name = clean_upload_name(upload.name)  # shown on the review page and stored
        limit = settings.PLANWATCH_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1048576, 1), "limit": limit // 1048576}
            )
        if Path(upload.name).suffix.lower() not in UPLOAD_EXTENSIONS:
            raise forms.ValidationError(
                _("Upload a .docx, .pdf, .xlsx, .csv, .tsv, .md, .txt or planwatch .json file.")
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        self.owner_note = ""
        if "file" not in cleaned:  # no file to read: `settle` will not run
            self._check_plan(cleaned)
        return cleaned

    def settle(self, upload: Upload | None, error: str = "") -> None:
        """The second half of validation, once the view has read the valid file
        (`imports.read_upload`): its error, or the owner the plan names."""
        cleaned = self.cleaned_data
        if error:
            self.add_error("file", error)
        else:
            self.document = upload.document if upload else None
            self._clean_owner(cleaned)
        self._check_plan(cleaned)

    def _check_plan(self, cleaned: dict) -> None:
        plan, owner = cleaned.get("plan"), cleaned.get("owner")
        if plan and owner and plan.owner_id != owner.pk:
            self.add_error("plan", _("This plan belongs to another organisation."))

    def _clean_owner(self, cleaned: dict) -> None:
        """The owner the plan names exactly, or the one the user chose; never a silent guess.

        A plan that names one of the user's organisations exactly fills an empty choice (and
        says why). A choice that differs from the organisation the plan names is sent back
        with that organisation preselected, until the user confirms the choice."""
        owner = cleaned.get("owner")
        if self.document is None:  # a scan, read later: the user must say whose it is
            if owner is None:
                self.add_error("owner", _("Choose the owner: a scanned document is read later."))
            return
        candidates = owner_candidates(self.document, self.fields["owner"].queryset)
        named = exact_owner(candidates)
        if owner is None and named is not None:
            cleaned["owner"] = named.org
            self.owner_note = _("Owner: %(name)s — %(why)s") % {
                "name": named.org.name,
                "why": named.reason(),
            }
        elif owner is None:
            best = candidates[0] if candidates else None
            self._send_back(
                best,
                _(
                    "The plan names none of your organisations exactly: choose the owner and "
                    "attach the file again."
                ),
            )
        elif named is not None and named.org != owner and not cleaned.get("keep_owner"):
            message = _(
                "The plan names %(name)s (%(why)s), not %(chosen)s: choose the owner and attach "
                "the file again."
            ) % {
                "name": named.org.name,
                "why": named.reason(),
                "chosen": owner.name,
            }
            self._send_back(named, message)
            self.fields["keep_owner"].widget = forms.CheckboxInput()

    def _send_back(self, candidate, message: str) -> None:
        """An error on the owner, with the best candidate preselected and why."""
        self.add_error("owner", message)
        if candidate is None:
            return
        self.data = self.data.copy()
        self.data["owner"] = str(candidate.org.pk)
        self.fields["owner"].help_text = candidate.reason() or _("Closest name: %(chain)s") % {
            "chain": candidate.chain()
        }


class CellsForm(forms.Form):
    """The editable texts of one measure (draft or published)."""

    number = forms.CharField(label=_("Number"), max_length=40, required=False)
    text = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 4}))
    deadline = forms.CharField(label=_("Deadline"), required=False)
    funding = forms.CharField(label=_("Funding"), required=False)
    executors = forms.CharField(
        label=_("Executors"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator = forms.CharField(
        label=_("Indicator"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError(_("A measure needs its text."))
        return text


class MeasureEditForm(CellsForm):
    """A published measure's cells, with the version it was shown at (lib.versioning)."""

    version = VersionField()


class MoveForm(forms.Form):
    node = forms.ChoiceField(label=_("Move under"))

    def __init__(self, *args, nodes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = list(nodes)


class SplitForm(forms.Form):
    first = forms.CharField(label=_("First measure"), widget=forms.Textarea(attrs={"rows": 3}))
    number = forms.CharField(label=_("Number of the second measure"), max_length=40, required=False)
    second = forms.CharField(label=_("Second measure"), widget=forms.Textarea(attrs={"rows": 3}))


class DismissForm(forms.Form):
    measure = forms.CharField(required=False)
    index = forms.IntegerField(min_value=0)


class ExecutorMapForm(forms.Form):
    """One select per organisation the document names: an existing organisation or "new"."""

    def __init__(self, *args, names=(), orgs=(), initial_map=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("new", _("— create a new organisation —"))]
        choices += [(str(o.pk), "\u2003" * max(o.depth - 1, 0) + o.name) for o in orgs]
        self.names = list(names)
        for i, org in enumerate(self.names):
            self.fields[f"org_{i}"] = forms.ChoiceField(
                label=org["name"],
                choices=choices,
                initial=(initial_map or {}).get(org["key"], "new"),
            )

    def mapping(self) -> dict:
        return {org["key"]: self.cleaned_data[f"org_{i}"] for i, org in enumerate(self.names)}

    def rows(self):
        return [(org, self[f"org_{i}"]) for i, org in enumerate(self.names)]


class PlanEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    is_public = forms.BooleanField(label=_("Shown on the public pages"), required=False)
    version = VersionField()

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("A plan needs a title."))
        return title


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + PlanStatus.choices
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False, max_length=200)
    executor = forms.ModelChoiceField(
        Organization.objects.none(), label=_("Executor"), required=False, empty_label=_("Any")
    )
    year = forms.IntegerField(
        label=_("Deadline in year"), required=False, min_value=1990, max_value=2100
    )
    timing = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + Timing.choices
    )

    def __init__(self, *args, executors=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if executors is not None:
            self.fields["executor"].queryset = executors


class EventForm(forms.Form):
    """A new plan-wide event (`plans.events`); the known ones are offered as the default."""

    name = forms.CharField(label=_("Event"), max_length=200)
    match = forms.CharField(
        label=_("Words in the deadline"),
        max_length=200,
        help_text=_(
            "Beginnings of words that a conditional deadline must contain, e.g. «воєнн стан»."
        ),
    )
    scope = forms.ChoiceField(
        label=_("For"),
        choices=[("plan", _("this plan")), ("org", _("every plan of the owner and below"))],
        initial="plan",
    )

    def __init__(self, *args, plan=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from planwatch.plans.events import KNOWN_EVENTS

        self.fields["name"].initial, self.fields["match"].initial = KNOWN_EVENTS[0]

    def clean_match(self) -> str:
        words = " ".join(self.cleaned_data["match"].split())
        if len(words) < 3:
            raise forms.ValidationError(_("Give at least one word of three letters."))
        return words


class EventDateForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
