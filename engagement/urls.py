from django.urls import path

from engagement import views

app_name = "engagement"

urlpatterns = [
    path("take-part/<int:page_id>/", views.take_part, name="take_part"),
    path("events/<int:page_id>/calendar.ics", views.calendar, name="calendar"),
    path("profile/engagements/", views.mine, name="mine"),
    path("profile/engagements/<int:engagement_id>/withdraw/", views.withdraw, name="withdraw"),
]
