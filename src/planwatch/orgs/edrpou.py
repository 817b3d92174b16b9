"""The ЄДРПОУ code of a legal entity: 8 digits, the last a check digit.

The check digit rule is the State Statistics Service's: weights 1..7 (or 7,1..6 for codes
between 30000000 and 60000000); a sum mod 11 of 10 is retried with the weights + 2; a
second 10 gives 0.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def edrpou_check_digit(first7: str) -> int:
    digits = [int(c) for c in first7]
    number = int(first7 + "0")
    weights = [7, 1, 2, 3, 4, 5, 6] if 30000000 <= number < 60000000 else [1, 2, 3, 4, 5, 6, 7]
    total = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    if total == 10:
        total = sum(d * (w + 2) for d, w in zip(digits, weights, strict=True)) % 11
    return 0 if total == 10 else total


def validate_edrpou(value: str) -> None:
    if not (len(value) == 8 and value.isascii() and value.isdigit()):
        raise ValidationError(_("A ЄДРПОУ code is 8 digits."), code="edrpou_format")
    if edrpou_check_digit(value[:7]) != int(value[7]):
        raise ValidationError(
            _("The ЄДРПОУ code %(code)s has a wrong check digit: check it for a typo."),
            code="edrpou_check",
            params={"code": value},
        )
