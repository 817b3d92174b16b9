from django.urls import path

from planwatch.rollup import views

app_name = "rollup"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.rollup, name="rollup"),
    path("<int:pk>/report.<str:fmt>", views.download, name="download"),
]
