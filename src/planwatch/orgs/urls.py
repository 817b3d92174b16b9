from django.urls import path

from planwatch.orgs import views, views_people, views_register

app_name = "orgs"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views_register.search, name="search"),
    path("<int:pk>/add/", views_register.add_child, name="add_child"),
    path("<int:pk>/publicity/", views_register.publicity, name="publicity"),
    path("<int:pk>/edrpou/", views_register.set_edrpou, name="set_edrpou"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rename/", views.rename, name="rename"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/people/", views_people.people, name="people"),
    path(
        "<int:pk>/people/<int:membership_pk>/remove/",
        views_people.remove_person,
        name="remove_person",
    ),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/resend/",
        views_people.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views_people.revoke_invitation,
        name="revoke_invitation",
    ),
    path("invitation/<str:key>/", views_people.accept_invitation, name="accept_invitation"),
]
