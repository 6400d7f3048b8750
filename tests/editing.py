"""Helpers for tests that edit articles through the admin the way a browser does."""

from django.urls import reverse


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def open_form(client, article, **params):
    """GET the change form; returns (response, the POST data a browser would send back)."""
    response = client.get(change_url(article), params)
    assert response.status_code == 200
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for inline_form in formset.forms:
            data.update(form_data(inline_form))
    return response, data


def form_data(form):
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form[name].html_name
        widgets = getattr(field.widget, "widgets", None)
        if widgets:  # the admin's split date and time
            parts = field.widget.decompress(value) if value else [None] * len(widgets)
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif value is False:
            continue  # an unticked checkbox sends nothing
        elif value is True:
            data[key] = "on"
        else:
            data[key] = "" if value is None else value
    return data


def save(client, article, data, **overrides):
    return client.post(change_url(article), {**data, **overrides})
