from django.urls import path

from registry import claim, views

app_name = "registry"

urlpatterns = [
    path("associations/", views.association_directory, name="association_directory"),
    path("join/", views.start, name="start"),
    path("profile/", views.profile, name="profile"),
    path("profile/step/<slug:step>/", views.profile_step, name="profile_step"),
    path("profile/check/", views.check, name="check"),
    path("profile/consents/", views.consents, name="consents"),
    path("profile/staff-view/", views.staff_view, name="staff_view"),
    path("profile/download/", views.download, {"fmt": "html"}, name="download"),
    path("profile/download.json", views.download, {"fmt": "json"}, name="download_json"),
    path("profile/confirm/", views.confirm, name="confirm"),
    path("profile/delete/", views.delete_account, name="delete_account"),
    path("profile/claim/<str:token>/", claim.claim_record, name="claim"),
    path("profile/hometowns/", views.hometown_options, name="hometown_options"),
    path("profile/cities/", views.city_options, name="city_options"),
]
