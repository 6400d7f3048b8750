"""The admin index's "needs attention" panels (desk/dashboard.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from articles.models import Correction, ReviewState, Revision
from desk import dashboard
from tests.factories import make_article, make_author, utc

pytestmark = pytest.mark.django_db

NOW = utc(2012, 7, 9, 12)
INDEX = reverse("admin:index")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def panel(html, slug):
    return html.split(f'id="{slug}"')[1].split("</section>")[0]


def fill_the_desk(user, copies=1):
    reporter = make_author("Reporter", user=user)
    for n in range(copies):
        mine = make_article(title=f"My draft {n}", published_at=None)
        mine.set_byline([reporter])
        make_article(title=f"Waiting {n}", published_at=None, review_state=ReviewState.IN_REVIEW)
        make_article(title=f"Tomorrow {n}", published_at=NOW + timedelta(days=1, minutes=n))
        make_article(title=f"Out {n}", published_at=NOW - timedelta(minutes=n + 1))
        changed = make_article(title=f"Changed {n}")
        Revision.objects.create(article=changed, kind=Revision.Kind.DRAFT, snapshot={})
        corrected = make_article(title=f"Corrected {n}")
        Correction.objects.create(article=corrected, text="Wrong date.", awaiting_editor=True)
        make_article(title=f"Someone else's draft {n}", published_at=None)


def test_each_panel_lists_what_needs_attention(staff_client, staff_user):
    fill_the_desk(staff_user)

    html = staff_client.get(INDEX).content.decode()

    assert "My draft 0" in panel(html, "my-drafts")
    assert "Someone else's draft" not in panel(html, "my-drafts")
    assert "Waiting 0" in panel(html, "waiting-for-review")
    assert "Tomorrow 0" in panel(html, "next-scheduled")
    assert "2012-07-10 12:00 UTC</time>" in panel(html, "next-scheduled")
    assert "Out 0" in panel(html, "recently-published")
    pending = panel(html, "pending-changes")
    assert "Changed 0" in pending and "Corrected 0" in pending and "Out 0" not in pending
    assert "Live with pending changes" in pending


def test_a_published_draft_revision_no_longer_counts_as_pending(staff_client):
    article = make_article(title="Settled")
    Revision.objects.create(article=article, kind=Revision.Kind.DRAFT, snapshot={})
    Revision.objects.create(article=article, kind=Revision.Kind.SAVED, snapshot={})

    html = staff_client.get(INDEX).content.decode()

    assert "Settled" not in panel(html, "pending-changes")


def test_other_desks_fill_the_named_slots(staff_client, monkeypatch):
    monkeypatch.setattr(dashboard, "_PANELS", dict(dashboard._PANELS))
    dashboard.add_panel(
        dashboard.EMBARGOED,
        "Embargoed",
        lambda user: dashboard.Article.objects.filter(title="Secret"),
        "Nothing under embargo.",
    )
    make_article(title="Secret", published_at=None)

    html = staff_client.get(INDEX).content.decode()

    assert "Secret" in panel(html, "embargoed")
    assert html.index('id="next-scheduled"') < html.index('id="embargoed"')
    assert html.index('id="embargoed"') < html.index('id="recently-published"')


def test_the_dashboard_costs_one_query_per_panel_whatever_the_desk_holds(
    staff_client, staff_user, django_assert_max_num_queries
):
    fill_the_desk(staff_user, copies=8)
    staff_client.get(INDEX)  # session and permissions warmed the same way for both

    with django_assert_max_num_queries(len(dashboard._PANELS)):
        for each in dashboard.needs_attention(staff_user):
            assert len(list(each.articles)) <= dashboard.PANEL_SIZE
    # Session, user, the role panel's permissions, then the panels.
    with django_assert_max_num_queries(3 + len(dashboard._PANELS)):
        staff_client.get(INDEX)


def test_writers_see_the_dashboard_too(client, log_in_as):
    log_in_as("Writer")
    assert 'id="needs-attention"' in client.get(INDEX).content.decode()


def test_each_panel_links_to_the_list_filtered_the_same_way(staff_client, staff_user):
    fill_the_desk(staff_user)
    html = staff_client.get(INDEX).content.decode()
    link = panel(html, "pending-changes").split('href="')[-1].split('"')[0]

    listed = staff_client.get(link).context["cl"].result_list

    assert link.endswith("?status=pending")
    assert sorted(a.title for a in listed) == ["Changed 0", "Corrected 0"]
