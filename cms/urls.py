from django.urls import path

from cms import views
from cms.feeds import NewsAtomFeed, NewsRssFeed

app_name = "cms"

urlpatterns = [
    path("display/", views.display, name="display"),
    path("search/", views.search, name="search"),
    path("site-map/", views.site_map, name="site_map"),
    path("feeds/news.rss", NewsRssFeed(), name="news_feed_rss"),
    path("feeds/news.atom", NewsAtomFeed(), name="news_feed_atom"),
    path("feeds/category/<slug:slug>.rss", NewsRssFeed(), name="category_feed_rss"),
    path("feeds/category/<slug:slug>.atom", NewsAtomFeed(), name="category_feed_atom"),
]
