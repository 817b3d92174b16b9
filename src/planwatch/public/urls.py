from django.urls import path

from planwatch.public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/measures/<int:measure_pk>/", views.measure, name="measure"),
    path("plans/<int:pk>/export.<str:fmt>", views.export, name="export"),
]
