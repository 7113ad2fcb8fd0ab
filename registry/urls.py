from django.urls import path

from registry import views

app_name = "registry"

urlpatterns = [
    path("associations/", views.association_directory, name="association_directory"),
]
