from django.urls import path

from planwatch.orgs import views, views_register

app_name = "orgs"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views_register.search, name="search"),
    path("<int:pk>/add/", views_register.add_child, name="add_child"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rename/", views.rename, name="rename"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/people/", views.people, name="people"),
    path("<int:pk>/people/<int:membership_pk>/remove/", views.remove_person, name="remove_person"),
]
