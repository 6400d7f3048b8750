from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page


class StoryPage(Page):
    standfirst = models.CharField(max_length=300, blank=True)
    body = RichTextField(blank=True)
