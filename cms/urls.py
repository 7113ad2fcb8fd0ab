from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("display/", views.display, name="display"),
    path("search/", views.search, name="search"),
]
