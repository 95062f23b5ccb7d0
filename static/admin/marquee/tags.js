// Suggestions of existing tags under the article's tags field, as the editor types.
// Without JavaScript the field stays free text (comma-separated), and the server reuses
// an existing tag whatever its capitals.
(function () {
  "use strict";

  function start() {
    const source = document.getElementById("mq-tag-suggest");
    const input = document.getElementById("id_tags");
    if (!source || !input) {
      return;
    }
    const list = document.createElement("datalist");
    list.id = "mq-tag-suggestions";
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    let timer = null;

    function quoted(name) {
      return /[ ,"]/.test(name) ? '"' + name.replace(/"/g, "") + '"' : name;
    }

    function suggest() {
      const value = input.value;
      const cut = value.lastIndexOf(",");
      const typed = value.slice(cut + 1).trim().replace(/^"/, "");
      const before = cut === -1 ? "" : value.slice(0, cut + 1) + " ";
      if (!typed) {
        list.replaceChildren();
        return;
      }
      const chosen = before.toLowerCase();
      fetch(source.dataset.url + "?q=" + encodeURIComponent(typed), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
        .then(function (answer) {
          list.replaceChildren.apply(
            list,
            answer.tags
              .filter(function (name) { return chosen.indexOf(name.toLowerCase()) === -1; })
              .map(function (name) {
                const option = document.createElement("option");
                option.value = before + quoted(name) + ", ";
                option.label = name;
                return option;
              })
          );
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, 200);
    });
    }

    // Admin media load in the page head: wait for the form.
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
  }
})();
