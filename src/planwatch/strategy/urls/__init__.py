from django.urls import path

from planwatch.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("coverage.xlsx", views.coverage_xlsx, name="coverage_xlsx"),
    path("items/<int:pk>/", views.item, name="item"),
    path("review/<int:plan_pk>/", views.review, name="review"),
]
