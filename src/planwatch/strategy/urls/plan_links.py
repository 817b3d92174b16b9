"""The linked-plans pages sit under /plans/<pk>/ (root urls.py) but are strategy's views."""

from django.urls import path

from planwatch.strategy.views import plan_links

app_name = "plan_links"

urlpatterns = [
    path("<int:pk>/upper/", plan_links.upper, name="upper"),
    path("<int:pk>/lower/", plan_links.lower, name="lower"),
]
