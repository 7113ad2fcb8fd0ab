from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_countries import countries

from registry.models import Association


@require_GET
def association_directory(request: HttpRequest) -> HttpResponse:
    """Public directory of the associations that agreed to be listed, by country."""
    associations = Association.objects.listed()
    listed_countries = sorted(
        set(associations.values_list("country", flat=True)),
        key=lambda code: countries.name(code),
    )
    chosen = request.GET.get("country", "").upper()
    if chosen not in listed_countries:
        chosen = ""
    if chosen:
        associations = associations.filter(country=chosen)
    groups = [
        (country, list(items))
        for country, items in groupby(
            sorted(associations, key=lambda a: (a.country.name, a.name)),
            key=lambda a: a.country,
        )
    ]
    return render(
        request,
        "registry/association_directory.html",
        {
            "groups": groups,
            "countries": [(code, countries.name(code)) for code in listed_countries],
            "chosen": chosen,
        },
    )
