from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The public, multilingual foreign-information site: pages, the site shell and demo content."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.images import get_image_model
        from wagtail.models import Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms import images, navigation
        from cms.editorial import after_migrate
        from cms.models import SiteLinks

        # Locales, permissions, the approval workflow and synced trees (cms.editorial): once.
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="cms.editorial")
        # The menus, breadcrumbs and footer links follow the page tree (cms.navigation).
        changes = {
            "published": page_published,
            "unpublished": page_unpublished,
            "moved": post_page_move,
            "deleted": post_delete,
        }
        for name, signal in changes.items():
            signal.connect(navigation.forget, dispatch_uid=f"cms.navigation.{name}")
        # A published page's pictures are resized then, not when a reader first asks for them.
        page_published.connect(images.make_renditions, dispatch_uid="cms.images.make_renditions")
        for model in (get_image_model(), get_image_model().get_rendition_model()):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(
                    images.forget, sender=model, dispatch_uid=f"cms.images.{model.__name__}.{name}"
                )
        for model in (SiteLinks, Site):
            post_save.connect(
                navigation.forget, sender=model, dispatch_uid=f"cms.navigation.{model.__name__}"
            )
