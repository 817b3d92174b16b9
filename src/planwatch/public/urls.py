from django.urls import path

from planwatch.public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("open-data/", views.open_data, name="open_data"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/measures/<int:measure_pk>/", views.measure, name="measure"),
    path("plans/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("plans/<int:pk>/measures.csv", views.measures_csv, name="measures_csv"),
    path("plans/<int:pk>/measures.json", views.measures_json, name="measures_json"),
    path("plans/<int:pk>/money.<str:fmt>", views.money, name="money"),
    path("plans/<int:pk>/indicators.json", views.indicators, name="indicators"),
    path("plans/<int:pk>/passport.json", views.passport, name="passport"),
    path(
        "plans/<int:pk>/report-<str:period>.<str:fmt>",
        views.report,
        name="report",
    ),
]
