"""Organisations (oblast → district → community → departments and partners) and roles.

The tree is stored twice on purpose: `parent` for editing and a materialised `path`
("000001/000007/") so that "everything below X" is one indexed `path__startswith` filter, not
a recursive walk. Roles are granted on an organisation and inherited down the tree.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from planwatch.importer.structure.text import collapse
from planwatch.lib.text import name_key
from planwatch.orgs.edrpou import validate_edrpou

katottg_validator = RegexValidator(
    r"^UA\d{17}$", _("A КАТОТТГ code is “UA” followed by 17 digits.")
)


class OrgKind(models.TextChoices):
    OBLAST = "oblast", _("Oblast")
    CITY = "city", _("City with special status")
    DISTRICT = "district", _("District")
    COMMUNITY = "community", _("Territorial community")
    DEPARTMENT = "department", _("Department")
    INSTITUTION = "institution", _("Institution")
    PARTNER = "partner", _("Partner organisation")
    OTHER = "other", _("Other")


# Bodies of the territorial administration: merging two of them is an admin's decision.
TERRITORIAL_KINDS = (OrgKind.OBLAST, OrgKind.DISTRICT, OrgKind.COMMUNITY)
# Bodies that roll up what is below them and submit their period summaries upward.
UNIT_KINDS = (OrgKind.COMMUNITY, OrgKind.DISTRICT, OrgKind.OBLAST, OrgKind.CITY)

# The importer names kinds in its own words; anything unknown becomes OTHER.
IMPORTER_KINDS = {
    "department": OrgKind.DEPARTMENT,
    "service": OrgKind.DEPARTMENT,
    "administration": OrgKind.DEPARTMENT,
    "institution": OrgKind.INSTITUTION,
    "partner": OrgKind.PARTNER,
    "council": OrgKind.OTHER,
    "person": OrgKind.OTHER,
}


class OrganizationQuerySet(models.QuerySet):
    def below(self, org: Organization) -> OrganizationQuerySet:
        """The organisation itself and everything under it."""
        return self.filter(path__startswith=org.path)

    def roots(self) -> OrganizationQuerySet:
        return self.filter(parent__isnull=True)


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices)
    katottg = models.CharField(
        _("КАТОТТГ code"), max_length=19, blank=True, validators=[katottg_validator]
    )
    edrpou = models.CharField(
        _("ЄДРПОУ code"), max_length=8, blank=True, validators=[validate_edrpou]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(
        max_length=255, editable=False, db_index=True, default="", verbose_name=_("path")
    )
    plans_public_by_default = models.BooleanField(
        _("new plans are public by default"),
        default=False,
        help_text=_("The answer offered when a plan of this organisation is published."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    # Optimistic locking of the edit form (lib.versioning): bumped by every edit.
    version = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("version"))

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def save(self, *args, **kwargs) -> None:
        """Keep `path` in step with `parent`; a new row needs its id before its path exists."""
        self.name = collapse(self.name)
        fields = kwargs.get("update_fields")
        with transaction.atomic():
            super().save(*args, **kwargs)
            if fields is None or "parent" in fields:  # new, or possibly re-parented (admin)
                self._set_path()

    def _set_path(self) -> None:
        prefix = self.parent.path if self.parent_id else ""
        new_path = f"{prefix}{self.pk:06d}/"
        if new_path != self.path:
            old_path, self.path = self.path, new_path
            Organization.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                self._move_descendants(old_path, new_path)

    def _move_descendants(self, old_path: str, new_path: str) -> None:
        for child in Organization.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
            child.path = new_path + child.path[len(old_path) :]
            child.save(update_fields=["path"])

    def move_under(self, parent: Organization | None) -> None:
        """Re-parent the organisation, carrying its subtree along."""
        if parent is not None and parent.path.startswith(self.path):
            raise ValueError("an organisation cannot move under itself")
        self.parent = parent
        self.save(update_fields=["parent"])

    def is_within(self, other: Organization) -> bool:
        return self.path.startswith(other.path)

    def ancestors(self) -> list[Organization]:
        """Ancestors from the root down, in one query."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        by_id = Organization.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def rename(self, new_name: str) -> None:
        """A rename keeps the old name as an alias, so later imports still resolve to us."""
        old = self.name
        self.name = collapse(new_name)
        self.save(update_fields=["name"])
        if name_key(old) != name_key(self.name):
            self.add_alias(old)

    def add_alias(self, name: str) -> None:
        key = name_key(name)
        if key and key != name_key(self.name):
            OrgAlias.objects.get_or_create(org=self, key=key, defaults={"name": collapse(name)})

    def merge_from(self, other: Organization) -> None:
        """Fold `other` (a duplicate spelling) into this organisation and delete it.

        Everything that points at `other` is moved: executor links, aliases, memberships,
        children and owned plans. Its name stays as an alias so re-imports land here.
        """
        if other.pk == self.pk or self.path.startswith(other.path):
            raise ValueError("cannot merge an organisation into itself or its own subtree")
        with transaction.atomic():
            duplicate_roles = Membership.objects.filter(
                org=other, user__memberships__org=self, user__memberships__role=models.F("role")
            )
            Membership.objects.filter(
                pk__in=list(duplicate_roles.values_list("pk", flat=True))
            ).delete()
            for rel in other._meta.related_objects:
                if rel.related_model in (Organization, OrgAlias):
                    continue
                rel.related_model._base_manager.filter(**{rel.field.name: other}).update(
                    **{rel.field.name: self}
                )
            for alias in other.aliases.all():
                self.add_alias(alias.name)
            for child in other.children.all():
                child.move_under(self)
            self.add_alias(other.name)
            other.delete()


class OrgAlias(models.Model):
    """Another spelling of an organisation's name, as found in plan documents."""

    org = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("org")
    )
    name = models.CharField(_("name as written"), max_length=300)
    key = models.CharField(max_length=300, db_index=True, editable=False, verbose_name=_("key"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "key"], name="unique_alias_per_org")]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    REVIEWER = "reviewer", _("Reviewer")
    EXECUTOR = "executor", _("Executor")
    VIEWER = "viewer", _("Viewer")


# Who may change plans of the organisation (and of everything below it).
EDITING_ROLES = {Role.ADMIN, Role.COORDINATOR}
# Who sees every plan below the organisation; executors see only plans they execute.
SEEING_ROLES = {Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.VIEWER}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    org = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "org", "role"], name="unique_membership")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.org}"


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Invitation sent")
    ACCEPTED = "accepted", _("Joined")
    EXPIRED = "expired", _("Invitation expired")
    REVOKED = "revoked", _("Invitation revoked")


class Invitation(models.Model):
    """A one-time link that lets a new person set their password and join (orgs/invitations.py).

    Only a hash of the link's key is stored; resending makes a new key (the old link dies)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    key_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.user} → {self.org} ({self.role})"

    def state(self, now=None) -> InvitationState:
        from django.utils import timezone

        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.revoked_at:
            return InvitationState.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return InvitationState.EXPIRED
        return InvitationState.PENDING
