from django.urls import path

from planwatch.plans.views import imports, plans, revisions

app_name = "plans"

urlpatterns = [
    path("", plans.index, name="index"),
    path("search/", plans.search, name="search"),
    path("<int:pk>/", plans.detail, name="detail"),
    path("<int:pk>/edit/", plans.edit, name="edit"),
    path("<int:pk>/history/", plans.history, name="history"),
    path("<int:pk>/measures/<int:measure_pk>/", plans.measure, name="measure"),
    path("<int:pk>/measures/<int:measure_pk>/edit/", plans.measure_edit, name="measure_edit"),
    path("<int:pk>/revisions/<int:number>/diff/", revisions.diff, name="diff"),
    path("<int:pk>/export.<str:fmt>", revisions.export, name="export"),
    path("import/", imports.upload, name="upload"),
    path("import/<int:pk>/", imports.review, name="review"),
    path("import/<int:pk>/m/<str:uid>/edit/", imports.draft_measure_edit, name="draft_edit"),
    path("import/<int:pk>/m/<str:uid>/move/", imports.draft_measure_move, name="draft_move"),
    path("import/<int:pk>/m/<str:uid>/merge/", imports.draft_measure_merge, name="draft_merge"),
    path("import/<int:pk>/m/<str:uid>/split/", imports.draft_measure_split, name="draft_split"),
    path("import/<int:pk>/warnings/dismiss/", imports.draft_dismiss_warning, name="draft_dismiss"),
    path(
        "import/<int:pk>/warnings/<int:index>/cell.png",
        imports.draft_cell_image,
        name="draft_cell_image",
    ),
    path("import/<int:pk>/executors/", imports.draft_executors, name="draft_executors"),
    path("import/<int:pk>/publish/", imports.draft_publish, name="draft_publish"),
    path("import/<int:pk>/discard/", imports.draft_discard, name="draft_discard"),
]
