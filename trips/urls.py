from django.urls import path

from trips import views

app_name = "trips"

urlpatterns = [
    path("trips/reply/<str:token>/", views.reply, name="reply"),
]
