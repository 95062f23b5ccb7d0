// Article blocks in the admin: show only the fields the chosen kind uses.
// Each block fieldset carries classes "mq-kinds mq-for-<kind> …" (see ArticleBlockInline).
(function () {
  "use strict";

  function sync(select) {
    const block = select.closest(".inline-related");
    if (!block) {
      return;
    }
    const kind = select.value;
    block.querySelectorAll("fieldset.mq-kinds").forEach(function (fieldset) {
      fieldset.hidden = Boolean(kind) && !fieldset.classList.contains("mq-for-" + kind);
    });
  }

  function isKindSelect(element) {
    return element.matches && element.matches("select[id^='id_blocks-'][id$='-kind']");
  }

  document.addEventListener("change", function (event) {
    if (isKindSelect(event.target)) {
      sync(event.target);
    }
  });

  document.addEventListener("formset:added", function (event) {
    event.target.querySelectorAll("select[id$='-kind']").forEach(sync);
  });

  function syncAll() {
    document.querySelectorAll("select[id^='id_blocks-'][id$='-kind']").forEach(sync);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", syncAll);
  } else {
    syncAll();
  }
})();
