/*
 * Pickers a user may not add to (articles/admin/pickers.py): when the search finds nothing,
 * select2's "No results found" becomes who adds such records and how to ask for one, and the
 * typed words go into the "Ask for … to be added" link under the field, so the request form
 * opens with them filled in. Without JavaScript the line under the field says the same.
 */
(function () {
  "use strict";
  var $ = window.django && window.django.jQuery;
  if (!$) {
    return;
  }

  function guideLink(select) {
    var row = select.closest(".form-row, .fieldBox, .form-multiline") || select.parentElement;
    return row ? row.querySelector("a.mq-ask") : null;
  }

  function typed() {
    var field = document.querySelector(".select2-container--open .select2-search__field");
    return field ? field.value.trim() : "";
  }

  function carryOver(link, term) {
    if (!link) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    var name = link.dataset.termField || "title";
    if (term) {
      url.searchParams.set(name, term);
    } else {
      url.searchParams.delete(name);
    }
    link.href = url.toString();
  }

  function explain(select, list) {
    var message = list.querySelector(".select2-results__message");
    // Only select2's "No results found", never its "could not be loaded".
    if (!message || message.dataset.mqGuided === "1" || !/no results/i.test(message.textContent)) {
      return;
    }
    var term = typed();
    var noun = select.dataset.mqNoun;
    var sentence = term ? "No " + noun + " matches “" + term + "”. " : "No " + noun + " found. ";
    sentence += select.dataset.mqWho;
    if (select.dataset.mqAsk) {
      sentence += " Use “" + select.dataset.mqAsk + "” under the field.";
    }
    message.textContent = sentence;
    message.dataset.mqGuided = "1";
    message.classList.add("mq-picker-empty");
    carryOver(guideLink(select), term);
  }

  $(document).on("select2:open", function (event) {
    var select = event.target;
    if (!select.dataset || !select.dataset.mqWho) {
      return;
    }
    var list = document.querySelector(".select2-container--open .select2-results__options");
    if (!list) {
      return;
    }
    // select2 redraws its results on every keystroke: watch them while the dropdown is open.
    var watcher = new MutationObserver(function () {
      explain(select, list);
    });
    watcher.observe(list, { childList: true, subtree: true });
    $(select).one("select2:close", function () {
      watcher.disconnect();
    });
  });
})();
