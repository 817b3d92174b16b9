"""Every URL pattern of the project, walked from the root resolver."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass
class Pattern:
    route: str  # the full route, e.g. "plans/<int:pk>/edit/"
    name: str  # "namespace:name", or the route when the pattern has no name
    callback: object


def all_patterns(resolver: URLResolver | None = None, prefix: str = "", ns: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{ns}{entry.namespace}:" if entry.namespace else ns
            yield from all_patterns(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{ns}{entry.name}" if entry.name else route
            yield Pattern(route, name, entry.callback)
