from django.db import models


class Article(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    standfirst = models.CharField(max_length=300)
    body = models.TextField()
    published_at = models.DateTimeField()

    def __str__(self):
        return self.title
