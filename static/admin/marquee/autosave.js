// Autosave of the article form: every few seconds, if something changed, the form's
// fields go to the admin's autosave endpoint (kept apart from the article: readers see
// nothing until Save). Leaving with unsaved changes asks first; submitting does not.
(function () {
  "use strict";

  function start() {
    const INTERVAL_MS = 5000;
    const status = document.getElementById("mq-autosave");
    const form = document.getElementById("article_form");
    if (!status || !form) {
      return;
    }
    let dirty = status.dataset.restored === "true";
    let submitting = false;
    let lastSent = null;

    // CKEditor 4 writes its text back into the textarea only on submit: ask it first.
    function syncEditors() {
      if (window.CKEDITOR && window.CKEDITOR.instances) {
        Object.keys(window.CKEDITOR.instances).forEach(function (name) {
          window.CKEDITOR.instances[name].updateElement();
        });
      }
    }

    function fields() {
      syncEditors();
      const data = {};
      Array.prototype.forEach.call(form.elements, function (element) {
        const name = element.name;
        if (!name || name.charAt(0) === "_" || name === "csrfmiddlewaretoken") {
          return;
        }
        if (name.indexOf("__prefix__") !== -1 || element.disabled) {
          return;
        }
        const type = (element.type || "").toLowerCase();
        if (["file", "submit", "button", "reset", "image"].indexOf(type) !== -1) {
          return;
        }
        if ((type === "checkbox" || type === "radio") && !element.checked) {
          return;
        }
        let values = [element.value];
        if (element.tagName === "SELECT" && element.multiple) {
          values = Array.prototype.filter
            .call(element.options, function (option) { return option.selected; })
            .map(function (option) { return option.value; });
        }
        data[name] = (data[name] || []).concat(values);
      });
      return data;
    }

    function csrfToken() {
      const input = form.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }

    function say(text, failed) {
      status.textContent = text;
      status.classList.toggle("mq-autosave--failed", Boolean(failed));
    }

    // The same choice a refused save offers (templates/admin/articles/article/edit_conflict.html).
    function showConflict(conflict) {
      let box = document.getElementById("mq-conflict");
      if (box && !box.dataset.fromAutosave) {
        return;
      }
      if (!box) {
        box = document.createElement("div");
        box.id = "mq-conflict";
        box.className = "mq-conflict";
        box.setAttribute("role", "alert");
        box.dataset.fromAutosave = "true";
        status.parentNode.insertBefore(box, status.nextSibling);
      }
      box.textContent = "";
      const heading = document.createElement("h2");
      heading.textContent = conflict.message;
      box.appendChild(heading);
      const rows = conflict.changes.map(function (change) {
        return change.label + ": “" + change.before + "” → “" + change.after + "”";
      }).concat((conflict.relations || []).map(function (relation) {
        const added = relation.added.map(function (name) { return "+ " + name; });
        const removed = relation.removed.map(function (name) { return "− " + name; });
        return relation.label + ": " + added.concat(removed).join(" · ");
      })).concat(conflict.blocks.map(function (block) {
        return "A " + block.label + " block was " + block.change + ".";
      }));
      if (rows.length) {
        const list = document.createElement("ul");
        list.className = "mq-conflict__saves";
        rows.forEach(function (text) {
          const item = document.createElement("li");
          item.textContent = text;
          list.appendChild(item);
        });
        box.appendChild(list);
      }
      const choices = document.createElement("p");
      choices.className = "mq-conflict__choices";
      const keep = document.createElement("button");
      keep.type = "submit";
      keep.name = "_keep_mine";
      keep.value = String(conflict.current_version);
      keep.className = "default";
      keep.textContent = "Keep mine as a new revision";
      const reload = document.createElement("a");
      reload.className = "button mq-conflict__reload";
      reload.href = window.location.pathname;
      reload.textContent = "Reload theirs";
      reload.addEventListener("click", function () {
        submitting = true;
      });
      choices.appendChild(keep);
      choices.appendChild(reload);
      box.appendChild(choices);
    }

    function send() {
      if (!dirty || submitting) {
        return;
      }
      const body = JSON.stringify({
        article: status.dataset.article || null,
        key: status.dataset.key || "",
        fields: fields(),
      });
      if (body === lastSent) {
        return;
      }
      lastSent = body;
      fetch(status.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: body,
      })
        .then(function (response) {
          return response.json().then(function (answer) {
            if (response.ok) {
              say("Autosaved at " + answer.display + ". Press Save to keep it on the article.");
            } else if (response.status === 409 && answer.conflict) {
              say("Kept for you only: " + answer.conflict.who + " saved a newer version of the article.", true);
              showConflict(answer.conflict);
            } else {
              say("Not autosaved: " + (answer.error || response.statusText), true);
            }
          });
        })
        .catch(function () {
          lastSent = null;
          say("Not autosaved: the server could not be reached. Keep this page open.", true);
        });
    }

    function markDirty() {
      dirty = true;
    }

    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    if (window.CKEDITOR) {
      window.CKEDITOR.on("instanceReady", function (event) {
        event.editor.on("change", markDirty);
      });
    }
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    window.setInterval(send, INTERVAL_MS);
    }

    // Admin media load in the page head: wait for the form.
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
  }
})();
