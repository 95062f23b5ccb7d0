// Article blocks in the admin: show only the fields the chosen kind uses, and
// put a new block at the end.
// Each block fieldset carries classes "mq-kinds mq-for-<kind> …", built from the block
// registry (articles/admin/blocks.py), so this file never needs a kind's name.
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

  // A new block goes to the end: its position is one more than the highest so far.
  function placeLast(row) {
    const input = row.querySelector("input[id^='id_blocks-'][id$='-position']");
    if (!input) {
      return;
    }
    let highest = 0;
    document.querySelectorAll("input[id^='id_blocks-'][id$='-position']").forEach(function (other) {
      if (other !== input && other.id.indexOf("__prefix__") === -1) {
        highest = Math.max(highest, parseInt(other.value, 10) || 0);
      }
    });
    input.value = String(highest + 1);
  }

  document.addEventListener("formset:added", function (event) {
    if (event.detail && event.detail.formsetName !== "blocks") {
      return;
    }
    placeLast(event.target);
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
