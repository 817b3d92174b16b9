"""`{% load fields %}{% field_block form.x %}`: a form field with its label, help and errors."""

from django import template

from planwatch.lib.fields import field_block as _field_block

register = template.Library()


@register.simple_tag
def field_block(field):
    return _field_block(field)
