"""The province's wards and communes, today's and those before the 2025 reform: a member's
hometown is one of them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.text import fold


class Ward(models.Model):
    """A ward or commune (phường/xã/đặc khu) as it has been since the 1 July 2025 reform.

    Since then Vietnam has two levels, province and ward; a member's hometown is stored as one of
    these. The list comes from the official conversion packaged in `vietnamadminunits`
    (`manage.py load_admin_units`).
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    province_code = models.CharField(_("province code"), max_length=4, db_index=True)
    province_name = models.CharField(_("province"), max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("ward or commune")
        verbose_name_plural = _("wards and communes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class LegacyCommune(models.Model):
    """A commune of the pre-2025 three-level map (province → district → commune).

    Kept because members remember "xã X, huyện Y": they may pick their hometown by the old name,
    and staff filter by old districts. `ward` is the official successor; when a commune was split
    between several new wards, `ward` is the one the conversion names as default and `wards`
    lists them all.
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    district_code = models.CharField(_("district code"), max_length=10, db_index=True)
    district_name = models.CharField(_("district"), max_length=100)
    province_code = models.CharField(_("province code"), max_length=4)
    province_name = models.CharField(_("province"), max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="legacy_communes", verbose_name=_("ward")
    )
    wards = models.ManyToManyField(Ward, related_name="+", verbose_name=_("wards"))
    search_name = models.CharField(max_length=220, db_index=True, editable=False)

    class Meta:
        verbose_name = _("pre-2025 commune")
        verbose_name_plural = _("pre-2025 communes")
        ordering = ["district_name", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.district_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = fold(f"{self.name} {self.district_name}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
