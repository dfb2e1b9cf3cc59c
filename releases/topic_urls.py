# Topic pages, mounted at the translated "topics/" by newsroom/urls.py.
from django.urls import path

from releases import views

app_name = "topics"
urlpatterns = [
    path("", views.topic_list, name="list"),
    path("<slug:slug>/", views.TopicView.as_view(), name="detail"),
]
