// Writing aids in the article form: character counters, live word count and reading
// time, and the search-result and social-card previews. The reading speeds and the
// fields each block kind counts come from the server in data attributes
// (articles/admin/writing.py), so this file keeps no numbers of its own.
(function () {
  "use strict";

  function start() {
    const panel = document.querySelector(".mq-aids");
    const form = document.getElementById("article_form");
    if (!panel || !form) {
      return;
    }
    const kinds = JSON.parse(panel.dataset.kinds || "{}");
    const fastWpm = Number(panel.dataset.fastWpm);
    const slowWpm = Number(panel.dataset.slowWpm);
    const secondsPerImage = Number(panel.dataset.secondsPerImage);

    function byId(id) {
      return document.getElementById(id);
    }

    function value(id) {
      const element = byId(id);
      return element ? element.value : "";
    }

    function words(text) {
      const trimmed = (text || "").replace(/<[^>]*>/g, "").trim();
      return trimmed ? trimmed.split(/\s+/).length : 0;
    }

    function fieldText(element) {
      if (element.tagName === "SELECT") {
        const option = element.options[element.selectedIndex];
        return option && option.value ? option.text : "";
      }
      const editors = window.CKEDITOR && window.CKEDITOR.instances;
      if (editors && editors[element.id]) {
        return editors[element.id].getData();
      }
      return element.value;
    }

    function truncate(text, length) {
      return text.length > length ? text.slice(0, length - 1) + "…" : text;
    }

    function hasHero() {
      const input = byId("id_hero_image");
      if (input && input.files && input.files.length) {
        return true;
      }
      const clear = byId("hero_image-clear_id");
      return panel.dataset.hasHero === "true" && !(clear && clear.checked);
    }

    function count() {
      let total = words(value("id_standfirst"));
      let pictures = hasHero() ? 1 : 0;
      document.querySelectorAll("#blocks-group .inline-related:not(.empty-form)").forEach(function (block) {
        const kindSelect = block.querySelector("select[id$='-kind']");
        const deleted = block.querySelector("input[id$='-DELETE']");
        if (!kindSelect || !kinds[kindSelect.value] || (deleted && deleted.checked)) {
          return;
        }
        const kind = kinds[kindSelect.value];
        const prefix = kindSelect.id.slice(0, -"kind".length);
        kind.words.forEach(function (name) {
          const element = byId(prefix + name);
          if (element) {
            total += words(fieldText(element));
          }
        });
        if (kind.picture) {
          pictures += 1;
        }
      });
      const extra = (pictures * secondsPerImage) / 60;
      const low = Math.max(1, Math.floor(total / fastWpm + extra));
      const high = Math.max(low + 1, Math.ceil(total / slowWpm + extra));
      byId("mq-word-count").textContent = String(total);
      byId("mq-reading-time").textContent = low + "–" + high;
    }

    function counters() {
      document.querySelectorAll(".mq-counter[data-counter-for]").forEach(function (counter) {
        const length = value(counter.dataset.counterFor).length;
        counter.querySelector(".mq-counter__count").textContent = String(length);
        counter.classList.toggle("mq-counter--over", length > Number(counter.dataset.recommended));
      });
    }

    function previews() {
      const title = value("id_seo_title") || value("id_title") || "Untitled explainer";
      const description = value("id_seo_description") || value("id_standfirst");
      byId("mq-preview-url").textContent = panel.dataset.host + "/" + (value("id_slug") || "…") + "/";
      byId("mq-preview-title").textContent = truncate(title, 60);
      byId("mq-preview-description").textContent = truncate(description, 155);
      byId("mq-card-title").textContent = truncate(title, 90);
      byId("mq-card-description").textContent = truncate(description, 200);
    }

    let timer = null;
    function update() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        counters();
        previews();
        count();
      }, 150);
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    document.addEventListener("formset:added", update);
    document.addEventListener("formset:removed", update);
    const recount = panel.dataset.recount === "true";
    if (window.CKEDITOR) {
      window.CKEDITOR.on("instanceReady", function (event) {
        event.editor.on("change", update);
        if (recount) {
          update();
        }
      });
    }
    // The server counted the saved article; a restored autosave (or a form sent back) holds
    // other words, so they are counted now rather than at the first keystroke.
    if (recount) {
      update();
    }
    }

    // Admin media load in the page head: wait for the form.
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
  }
})();
