from allauth.account import views as account_views
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path, re_path, reverse
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms.sitemaps import PageSitemap, robots_txt
from config.views import healthz


def admin_login(request: HttpRequest) -> HttpResponse:
    """One login path for everyone: the admin's own login form hands over to allauth's."""
    return redirect_to_login(request.GET.get("next", "/admin/"), login_url=reverse("account_login"))


def no_such_page(request: HttpRequest, **kwargs: str) -> HttpResponse:
    raise Http404


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("admin/login/", admin_login, name="wagtailadmin_login"),
    path("admin/logout/", account_views.logout, name="wagtailadmin_logout"),
    # Wagtail answers these for every snippet, but ours are created on their own screens: a
    # chooser has no form to create one with, and a POST there was a server error.
    path("admin/snippets/choose/<str:app>/<str:model>/create/", no_such_page),
    path("admin/failwhale/", no_such_page),  # Wagtail's deliberate server error, for its own tests
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("cms.urls")),
    path("", include("registry.urls")),
    path("", include("engagement.urls")),
    path("", include("trips.urls")),
    # Wagtail's page view, with the Vietnamese original where a language lacks the page.
    re_path(wagtail_urls.serve_pattern, cms_views.serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
