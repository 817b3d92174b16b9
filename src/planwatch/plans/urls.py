from django.urls import path

from planwatch.plans.views import events, imports, plans, review_edits, revisions

app_name = "plans"

urlpatterns = [
    path("", plans.index, name="index"),
    path("search/", plans.search, name="search"),
    path("<int:pk>/", plans.detail, name="detail"),
    path("<int:pk>/edit/", plans.edit, name="edit"),
    path("<int:pk>/history/", plans.history, name="history"),
    path("<int:pk>/events/", events.events, name="events"),
    path("<int:pk>/events/<int:event_pk>/", events.event_date, name="event_date"),
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
    path("import/<int:pk>/details/", review_edits.draft_meta, name="draft_meta"),
    path("import/<int:pk>/headings/add/", review_edits.heading_add, name="draft_heading_add"),
    path("import/<int:pk>/h/<str:node>/edit/", review_edits.heading_edit, name="draft_heading"),
    path(
        "import/<int:pk>/h/<str:node>/delete/",
        review_edits.heading_delete,
        name="draft_heading_delete",
    ),
    path(
        "import/<int:pk>/h/<str:node>/step/", review_edits.heading_step, name="draft_heading_step"
    ),
    path(
        "import/<int:pk>/h/<str:node>/to-measure/",
        review_edits.heading_to_measure,
        name="draft_to_measure",
    ),
    path(
        "import/<int:pk>/m/<str:uid>/to-heading/",
        review_edits.measure_to_heading,
        name="draft_to_heading",
    ),
    path("import/<int:pk>/m/<str:uid>/step/", review_edits.measure_step, name="draft_step"),
    path("import/<int:pk>/unplaced/", review_edits.draft_unplaced, name="draft_unplaced"),
    path("import/<int:pk>/columns/", review_edits.draft_columns, name="draft_columns"),
    path("import/<int:pk>/undo/", review_edits.draft_undo, name="draft_undo"),
    path("import/<int:pk>/executors/", imports.draft_executors, name="draft_executors"),
    path("import/<int:pk>/publish/", imports.draft_publish, name="draft_publish"),
    path("import/<int:pk>/discard/", imports.draft_discard, name="draft_discard"),
]
