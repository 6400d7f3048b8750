"""
Bulk actions in the article list: submit for review, approve, schedule, publish now, move
to a section, add a tag. The same rules as the form: only editors approve, schedule or
publish (a writer's crafted request is refused with a message, ArticleAdmin.response_action),
and a writer never changes what readers see: live and scheduled articles are left alone for
them, as are articles whose pending draft the change would contradict.
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from articles.models import Article, LifecycleEvent, ReviewState, Section

from . import photo_rules, revisions, translations, workflow
from .timestamps import staff_time
from .uploads import images_without_alt_text

FROM_THE_LIST = "From the article list"


class ArticleActionForm(ActionForm):
    """What some actions need: when (schedule), where (move), which tag (add tag)."""

    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.all(), required=False
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)


def _posted(request, name):
    form = ArticleActionForm(request.POST)
    form.fields["action"].choices = [(request.POST.get("action", ""), "")]
    form.is_valid()
    return form.cleaned_data.get(name), form.errors.get(name)


def _tell(modeladmin, request, done, skipped, message):
    """message: what was done, when something was (English keeps its "article(s)")."""
    if done:
        modeladmin.message_user(request, message, messages.SUCCESS)
    for reason, titles in skipped.items():
        modeladmin.message_user(
            request,
            _("Left alone (%(reason)s): %(titles)s.")
            % {"reason": reason, "titles": ", ".join(titles)},
            messages.WARNING,
        )


def _events(articles, user, kind, detail=""):
    LifecycleEvent.objects.bulk_create(
        LifecycleEvent(article=article, kind=kind, detail=detail or FROM_THE_LIST, actor=user)
        for article in articles
    )


def refused(action_name, user):
    """The refusal message for an action this user may not take, or None."""
    if action_name in EDITORS_ACTIONS and not workflow.may_publish(user):
        return _("Only an editor can %(action)s articles. Nothing was changed.") % {
            "action": EDITORS_ACTIONS[action_name]
        }
    return None


@admin.action(description=_("Submit for review"))
def submit_for_review(modeladmin, request, queryset):
    done, skipped = [], {}
    for article in queryset:
        if article.published_at is not None or article.review_state == ReviewState.IN_REVIEW:
            skipped.setdefault(_("already in review, scheduled or published"), []).append(
                article.title
            )
        else:
            done.append(article)
    # Not a save: nothing readers see changes.
    Article.objects.filter(pk__in=[a.pk for a in done]).update(review_state=ReviewState.IN_REVIEW)
    _events(done, request.user, LifecycleEvent.Kind.SUBMITTED)
    _tell(
        modeladmin,
        request,
        done,
        skipped,
        ngettext(
            "%(count)d article(s) submitted for review.",
            "%(count)d article(s) submitted for review.",
            len(done),
        )
        % {"count": len(done)},
    )


@admin.action(description=_("Approve"), permissions=("publish",))
def approve(modeladmin, request, queryset):
    done, skipped = [], {}
    for article in queryset:
        if article.published_at is not None:
            skipped.setdefault(_("scheduled or published already"), []).append(article.title)
        else:
            done.append(article)
    Article.objects.filter(pk__in=[a.pk for a in done]).update(review_state=ReviewState.APPROVED)
    _events(done, request.user, LifecycleEvent.Kind.APPROVED)
    _tell(
        modeladmin,
        request,
        done,
        skipped,
        ngettext("%(count)d article(s) approved.", "%(count)d article(s) approved.", len(done))
        % {"count": len(done)},
    )


def _publishable(articles, skipped, when):
    for article in articles:
        if article.is_public_since_published:
            skipped.setdefault(_("readers have seen it already"), []).append(article.title)
        elif images_without_alt_text(article.body):
            skipped.setdefault(_("an image has no alt text"), []).append(article.title)
        elif article.embargo_until is not None and article.embargo_until > when:
            skipped.setdefault(_("under embargo until later"), []).append(article.title)
        elif article.expires_at is not None and article.expires_at <= when:
            skipped.setdefault(_("its unpublish time comes first"), []).append(article.title)
        elif blocked := photo_rules.blocks_publication(article, max(when, timezone.now())):
            skipped.setdefault(blocked, []).append(article.title)
        else:
            yield article


def _publish_at(modeladmin, request, queryset, when, kind):
    done, skipped = [], {}
    for article in _publishable(
        queryset.select_related("lead_photo", "social_photo"), skipped, when
    ):
        article.published_at = when
        article.review_state = ReviewState.NONE
        fields = ["published_at", "review_state", "modified"]
        if article.translation_of_id is not None:
            # As in the form: a translation published is up to date with its source.
            translations.bring_up_to_date(article)
            fields += ["translated_from_updated_at", "translated_from_revision"]
        article.save(update_fields=fields)
        done.append(article)
    detail = f"For {staff_time(when)}, {FROM_THE_LIST.lower()}"
    _events(done, request.user, kind, detail if kind == LifecycleEvent.Kind.SCHEDULED else "")
    return done, skipped


@admin.action(description=_("Schedule at the time below"), permissions=("publish",))
def schedule(modeladmin, request, queryset):
    when, errors = _posted(request, "publish_at")
    if when is None or when <= timezone.now():
        modeladmin.message_user(
            request,
            _(
                "To schedule, give a publish time in the future beside the action. "
                "Nothing was changed."
            ),
            messages.ERROR,
        )
        return
    done, skipped = _publish_at(modeladmin, request, queryset, when, LifecycleEvent.Kind.SCHEDULED)
    _tell(
        modeladmin,
        request,
        done,
        skipped,
        ngettext(
            "%(count)d article(s) scheduled for %(time)s.",
            "%(count)d article(s) scheduled for %(time)s.",
            len(done),
        )
        % {"count": len(done), "time": staff_time(when)},
    )


@admin.action(description=_("Publish now"), permissions=("publish",))
def publish_now(modeladmin, request, queryset):
    done, skipped = _publish_at(
        modeladmin, request, queryset, timezone.now(), LifecycleEvent.Kind.PUBLISHED
    )
    _tell(
        modeladmin,
        request,
        done,
        skipped,
        ngettext("%(count)d article(s) published.", "%(count)d article(s) published.", len(done))
        % {"count": len(done)},
    )


def _refile(modeladmin, request, queryset, change, note):
    """Apply `change(article)` to each article a save by this user may change, with a
    revision each, as a save in the form would leave."""
    done, skipped = [], {}
    for article in queryset:
        if workflow.holds_readers_text(article) and not workflow.may_publish(request.user):
            skipped.setdefault(_("only an editor changes what readers see"), []).append(
                article.title
            )
            continue
        if revisions.pending_draft(article) is not None:
            skipped.setdefault(_("it has a pending draft: change it in its form"), []).append(
                article.title
            )
            continue
        revisions.record_outside_changes(article, revisions.take_snapshot(article))
        change(article)
        revisions.record_revision(article, request.user, note=note)
        done.append(article)
    # As in the form: a writer's change to an approved article needs approving again.
    if not workflow.may_publish(request.user):
        approved = [a for a in done if a.review_state == ReviewState.APPROVED]
        Article.objects.filter(pk__in=[a.pk for a in approved]).update(
            review_state=ReviewState.IN_REVIEW
        )
        _events(approved, request.user, LifecycleEvent.Kind.SUBMITTED, "Changed after approval")
    return done, skipped


@admin.action(description=_("Move to the section below"))
def move_to_section(modeladmin, request, queryset):
    section, _errors = _posted(request, "section")
    if section is None:
        modeladmin.message_user(
            request, _("Choose the section beside the action. Nothing was changed."), messages.ERROR
        )
        return

    def move(article):
        before = copy.copy(article)
        article.section = section
        article.save(update_fields=["section", "modified"])
        # The section is the story's: its other language versions move with it.
        translations.share_story_fields(article, stored=before, tags_changed=False)

    done, skipped = _refile(modeladmin, request, queryset, move, f"Moved to {section}")
    _tell(
        modeladmin,
        request,
        done,
        skipped,
        ngettext(
            "%(count)d article(s) moved to %(section)s.",
            "%(count)d article(s) moved to %(section)s.",
            len(done),
        )
        % {"count": len(done), "section": section},
    )


@admin.action(description=_("Add the tag below"))
def add_tag(modeladmin, request, queryset):
    name, _errors = _posted(request, "tag")
    name = (name or "").strip()
    if not name:
        modeladmin.message_user(
            request, _("Type the tag beside the action. Nothing was changed."), messages.ERROR
        )
        return
    tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)

    def tag_it(article):
        article.tags.add(tag)
        translations.share_story_fields(article, stored=article, tags_changed=True)

    done, skipped = _refile(modeladmin, request, queryset, tag_it, f"Tagged {tag}")
    _tell(
        modeladmin,
        request,
        done,
        skipped,
        ngettext(
            "%(count)d article(s) tagged “%(tag)s”.",
            "%(count)d article(s) tagged “%(tag)s”.",
            len(done),
        )
        % {"count": len(done), "tag": tag},
    )


ACTIONS = (submit_for_review, approve, schedule, publish_now, move_to_section, add_tag)
EDITORS_ACTIONS = {"approve": _("approve"), "schedule": _("schedule"), "publish_now": _("publish")}
