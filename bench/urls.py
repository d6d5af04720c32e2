from django.urls import path

from bench.views import bare_insert
from shiliu.urls import urlpatterns as shiliu_urlpatterns

urlpatterns = [path("bench/bare-insert", bare_insert, name="bench-bare-insert"), *shiliu_urlpatterns]
