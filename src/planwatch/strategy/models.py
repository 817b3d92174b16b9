"""The Strategy reference (documents → items tree) and the crosswalk from plans to it.

A plan implements a higher document: today the 2024–2028 Strategy (CMU order 1201-р), for
older regional plans the 2017 National strategy (526-р). Each is a `StrategyDocument` with a
tree of `StrategyItem`s. `Crosswalk` links a plan's heading (`plans.Node`) or measure
(`plans.Measure`) to an item, saying where the link came from and how sure it is.
`SimilarMeasure` holds each measure's nearest measures in other plans, computed ahead of time
so the measure page reads them in one query however many measures the country has.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class StrategyDocumentQuerySet(models.QuerySet):
    def current(self) -> StrategyDocument | None:
        """The document new plans implement (the newest marked current)."""
        return self.filter(is_current=True).order_by("-period_start", "-pk").first()


class StrategyDocument(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.TextField(_("title"))
    short_title = models.CharField(_("short title"), max_length=120)
    approved_by = models.CharField(_("approved by"), max_length=300, blank=True)
    period_start = models.PositiveIntegerField(_("from year"), null=True, blank=True)
    period_end = models.PositiveIntegerField(_("to year"), null=True, blank=True)
    # New plans are suggested links into the current document; others keep explicit links.
    is_current = models.BooleanField(_("current"), default=False)

    objects = StrategyDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-is_current", "-period_start", "pk"]
        verbose_name = _("strategy document")
        verbose_name_plural = _("strategy documents")

    def __str__(self) -> str:
        return self.short_title


class Level(models.TextChoices):
    DIRECTION = "direction", _("Direction")  # a section of the 2017 strategy's regional plans
    STRATEGIC_GOAL = "strategic_goal", _("Strategic goal")
    OPERATIONAL_GOAL = "operational_goal", _("Operational goal")
    TASK = "task", _("Task")


# Levels a measure is suggested into and the coverage matrix counts by: the level under the
# document's top level. Tasks roll up into it.
GOAL_LEVELS = (Level.OPERATIONAL_GOAL,)
TOP_LEVELS = (Level.STRATEGIC_GOAL, Level.DIRECTION)


class StrategyItemQuerySet(models.QuerySet):
    def of(self, document: StrategyDocument) -> StrategyItemQuerySet:
        return self.filter(document=document)

    def matrix_rows(self) -> StrategyItemQuerySet:
        """The rows of a coverage matrix: operational goals, or tasks of a two-level document."""
        return self.filter(
            Q(level=Level.OPERATIONAL_GOAL) | Q(level=Level.TASK, parent__level=Level.DIRECTION)
        )


class StrategyItem(models.Model):
    document = models.ForeignKey(
        StrategyDocument, on_delete=models.CASCADE, related_name="items", verbose_name=_("document")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent"),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    # Canonical dotted numbering within the document ("1", "1.2", "1.2.3"): plans renumber
    # (Kalush prints tasks 1…34 in one run), the Strategy's numbers stay put.
    number = models.CharField(_("number"), max_length=20)
    title = models.TextField(_("title"))
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The plan (its file name) a reference item was first seen in, when not the first plan:
    # stored bare, worded at display (`note_shown`) in the reader's language.
    added_from = models.CharField(_("added from"), max_length=200, blank=True)

    objects = StrategyItemQuerySet.as_manager()

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_item_number")
        ]
        verbose_name = _("strategy item")
        verbose_name_plural = _("strategy items")

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:90]}"

    @property
    def note_shown(self) -> str:
        """The note, or where the item came from, in words."""
        if self.note or not self.added_from:
            return self.note
        return gettext("added from %(source)s") % {"source": self.added_from}

    @property
    def row_item_id(self) -> int:
        """The coverage row this item counts in: a task counts for its operational goal."""
        if self.level == Level.TASK and self.parent and self.parent.level != Level.DIRECTION:
            return self.parent_id
        return self.pk


class Source(models.TextChoices):
    EXPLICIT = "explicit", _("Printed in the plan")
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    # A person said the item does not fit the measure; kept so reruns do not suggest it again.
    REJECTED = "rejected", _("Rejected")


# Links that count as coverage. Suggestions wait for a person.
FIRM_SOURCES = (Source.EXPLICIT, Source.CONFIRMED)


class CrosswalkQuerySet(models.QuerySet):
    def firm(self) -> CrosswalkQuerySet:
        return self.filter(source__in=FIRM_SOURCES)

    def suggested(self) -> CrosswalkQuerySet:
        return self.filter(source=Source.SUGGESTED)

    def for_measures(self) -> CrosswalkQuerySet:
        return self.filter(measure__isnull=False)


class Crosswalk(models.Model):
    """One plan heading or measure ↔ one Strategy item. Many-to-many on both sides."""

    item = models.ForeignKey(
        StrategyItem, on_delete=models.CASCADE, related_name="links", verbose_name=_("item")
    )
    node = models.ForeignKey(
        "plans.Node",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("node"),
    )
    measure = models.ForeignKey(
        "plans.Measure",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="strategy_links",
        verbose_name=_("measure"),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # Explicit: title similarity of the printed heading (0..1). Suggested: the suggester's score.
    score = models.FloatField(_("score"), default=0.0)
    # 1 for the best suggestion of a measure, 2 and 3 for the runners-up; 0 for firm links.
    rank = models.PositiveSmallIntegerField(default=0, verbose_name=_("rank"))
    # Suggested: how close the measure's text is to the item on its own (the similarity blend,
    # before the plan's order is decoded), so a weak fit shows even when the posterior is high.
    # None for firm links and for suggestions made before it was kept.
    similarity = models.FloatField(_("similarity"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = CrosswalkQuerySet.as_manager()

    class Meta:
        ordering = ["item__position", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(node__isnull=True) ^ Q(measure__isnull=True),
                name="crosswalk_node_xor_measure",
            ),
            models.UniqueConstraint(fields=["item", "node"], name="unique_item_node"),
            models.UniqueConstraint(fields=["item", "measure"], name="unique_item_measure"),
        ]
        verbose_name = _("crosswalk link")
        verbose_name_plural = _("crosswalk")

    def __str__(self) -> str:
        return f"{self.item.number} ← {self.measure_id or self.node_id} ({self.source})"


class SimilarMeasure(models.Model):
    """`other` is among the nearest measures to `measure` in other plans (precomputed)."""

    measure = models.ForeignKey(
        "plans.Measure",
        on_delete=models.CASCADE,
        related_name="similar_links",
        verbose_name=_("measure"),
    )
    other = models.ForeignKey(
        "plans.Measure", on_delete=models.CASCADE, related_name="+", verbose_name=_("other")
    )
    score = models.FloatField(verbose_name=_("score"))
    rank = models.PositiveSmallIntegerField(verbose_name=_("rank"))

    class Meta:
        ordering = ["measure", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "other"], name="unique_similar_pair")
        ]
        indexes = [models.Index(fields=["measure", "rank"])]
        verbose_name = _("similar measure")
        verbose_name_plural = _("similar measures")

    def __str__(self) -> str:
        return f"{self.measure_id} ~ {self.other_id} ({self.score:.2f})"


class CrosswalkRun(models.Model):
    """A revision the crosswalk step has processed. Current revisions without one are the queue
    `manage.py suggest_crosswalk` works through (the database is the queue; no broker)."""

    revision = models.OneToOneField(
        "plans.PlanRevision",
        on_delete=models.CASCADE,
        related_name="strategy_run",
        verbose_name=_("revision"),
    )
    finished_at = models.DateTimeField(auto_now=True, verbose_name=_("finished at"))
    explicit = models.PositiveIntegerField(default=0, verbose_name=_("explicit"))
    suggested = models.PositiveIntegerField(default=0, verbose_name=_("suggested"))

    class Meta:
        verbose_name = _("crosswalk run")
        verbose_name_plural = _("crosswalk runs")

    def __str__(self) -> str:
        return str(_("Strategy suggestions for %(revision)s") % {"revision": self.revision})


class MeasureTerms(models.Model):
    """A measure's lemmas (`matching.analyse`), cached: lemmatising 150,000 measures is most of
    the similar-measures index build. `text_hash` notices an edited measure text."""

    measure = models.OneToOneField(
        "plans.Measure", primary_key=True, on_delete=models.CASCADE, related_name="strategy_terms"
    )
    terms = models.TextField()
    text_hash = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("measure terms")
        verbose_name_plural = _("measure terms")

    def __str__(self) -> str:
        return self.terms[:80]


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class CrosswalkJob(models.Model):
    """A published revision waiting for its Strategy suggestions (`strategy.jobs`).

    Queued by the publish itself (a signal on the plan's audit entry); a job worker
    (`run_report_jobs`, which also runs this queue) claims it through `lib.dbqueue`."""

    revision = models.ForeignKey(
        "plans.PlanRevision", on_delete=models.CASCADE, related_name="strategy_jobs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=40, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)  # how long the work took

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("Strategy suggestion job")
        verbose_name_plural = _("Strategy suggestion jobs")

    def __str__(self) -> str:
        return str(_("Strategy suggestions for revision %(id)s") % {"id": self.revision_id})


class TextVector(models.Model):
    """A text's sentence embedding (`strategy.embeddings`), encoded once ever: encoding costs
    seconds per plan, so it is paid when a revision is published, not when links are asked
    for. Keyed by the model's name and version and a hash of the normalised text, so an
    edited text or another model gets a vector of its own."""

    model = models.CharField(max_length=80)
    digest = models.CharField(max_length=64)  # sha256 of the normalised text
    vector = models.BinaryField()  # float32, L2-normalised
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "digest"], name="strategy_textvector_key")
        ]
        verbose_name = _("text embedding")
        verbose_name_plural = _("text embeddings")

    def __str__(self) -> str:
        return f"{self.model} {self.digest[:12]}"
