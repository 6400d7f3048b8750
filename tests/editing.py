"""Helpers for tests that edit articles through the admin the way a browser does."""

from django.urls import reverse


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def open_form(client, article, **params):
    """GET the change form; returns (response, the POST data a browser would send back)."""
    response = client.get(change_url(article), params)
    assert response.status_code == 200
    return response, form_data(response.context["adminform"].form)


def form_data(form):
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widgets = getattr(field.widget, "widgets", None)
        if widgets:  # the admin's split date and time
            parts = field.widget.decompress(value) if value else [None] * len(widgets)
            for index, part in enumerate(parts):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        else:
            data[name] = "" if value is None else value
    return data


def save(client, article, data, **overrides):
    return client.post(change_url(article), {**data, **overrides})
