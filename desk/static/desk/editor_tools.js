// Small helps beside the article editor: the body's word count and reading time, and a
// live preview of the article as a search result and as a share card, from the "Search
// and sharing" fields (each falls back to the headline or standfirst, as the reader page
// does: Article.search_title and friends).
(function () {
  "use strict";
  // The desk's catalog (desk:jsi18n) in the editor's language; English without it.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, count) => (count === 1 ? one : many));
  const interpolate = window.interpolate || ((format, values) => format.replace(/%\((\w+)\)s/g, (_, name) => values[name]));
  const form = document.getElementById("article_form");
  if (!form) {
    return;
  }
  const WORDS_PER_MINUTE = 230;
  const field = (name) => form.elements.namedItem(name);
  const value = (name) => (field(name) ? field(name).value.trim() : "");

  // --- Word count and reading time -------------------------------------------------
  const body = field("body");
  if (body) {
    const counter = document.createElement("p");
    counter.className = "word-count";
    counter.setAttribute("aria-live", "polite");
    // Right under the editor (the stylesheet places it in the editor's column).
    body.after(counter);
    const countWords = () => {
      // Readers do not read image addresses or link targets.
      const text = body.value
        .replace(/!\[([^\]]*)\]\([^)]*\)/g, "")
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/[#>*_`~|-]+/g, " ");
      const words = (text.match(/[\p{L}\p{N}]+(?:['’.,][\p{L}\p{N}]+)*/gu) || []).length;
      const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
      counter.textContent = interpolate(
        ngettext("%(words)s word · %(minutes)s min read", "%(words)s words · %(minutes)s min read", words),
        { words, minutes },
        true,
      );
    };
    body.addEventListener("input", countWords);
    countWords();
  }

  // --- Search result and share card ----------------------------------------------------
  const previews = document.getElementById("link-previews");
  const sharing = form.querySelector("fieldset.search-and-sharing");
  if (!previews || !sharing) {
    return;
  }
  sharing.classList.add("with-link-previews");
  sharing.append(previews);
  previews.hidden = false;
  const part = (selector) => previews.querySelector(selector);
  const site = previews.dataset.siteName;
  const shorten = (text, limit) => (text.length > limit ? `${text.slice(0, limit - 1)}…` : text);

  function update() {
    const title = value("seo_title") || value("title") || gettext("Headline");
    const description = value("seo_description") || value("summary");
    const slug = value("slug") || "…";
    part(".search-result-address").textContent = previews.dataset.address.replace(
      previews.dataset.slugPlaceholder,
      slug
    );
    part(".search-result-title").textContent = shorten(`${title} — ${site}`, 60);
    part(".search-result-description").textContent = shorten(description, 155);
    part(".search-title-warning").hidden = `${title} — ${site}`.length <= 60;
    part(".search-description-warning").hidden = description.length <= 155;
    part(".share-card-site").textContent = new URL(previews.dataset.address).host;
    part(".share-card-title").textContent = value("social_headline") || value("title") || gettext("Headline");
    part(".share-card-description").textContent = shorten(
      value("social_description") || value("summary"),
      200
    );
  }
  form.addEventListener("input", update);
  update();
})();
