from django.urls import path

from .views import acknowledgement, search

urlpatterns = [
    path("search/", search.search, name="search"),
    path("my/tasks/acknowledge/", acknowledgement.acknowledge_batch, name="acknowledge_batch"),
]
