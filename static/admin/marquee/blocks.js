// Article blocks in the admin: show only the fields the chosen kind uses, name each block in
// its title bar by its own words as the editor types, move a block one place with ▲ ▼ in the
// page (nothing is saved until Save), and put a new block at the end.
// Each block fieldset carries classes "mq-kinds mq-for-<kind> …", and the blocks group
// carries data-mq-block-titles = {kind: [title fields]}, both built from the block registry
// (articles/admin/blocks.py), so this file never needs a kind's name.
(function () {
  "use strict";

  const TITLE_WORDS = 12;

  function isKindSelect(element) {
    return Boolean(element.matches && element.matches("select[id^='id_blocks-'][id$='-kind']"));
  }

  function kindSelectOf(block) {
    return block.querySelector("select[id^='id_blocks-'][id$='-kind']");
  }

  // --- Only the chosen kind's fields ------------------------------------------------------

  function sync(select) {
    const block = select.closest(".inline-related");
    if (!block) {
      return;
    }
    const kind = select.value;
    // Before a kind is chosen only the kind select shows: no kind's fields are offered yet.
    block.querySelectorAll("fieldset.mq-kinds").forEach(function (fieldset) {
      fieldset.hidden = !kind || !fieldset.classList.contains("mq-for-" + kind);
      // The server hid other kinds' fields for readers without this script; it decides now.
      const wrapper = fieldset.closest(".mq-kind-fields");
      if (wrapper) {
        wrapper.hidden = false;
      }
    });
    retitle(block);
  }

  // --- Title bars: the block's own words -----------------------------------------------------

  function titleFields() {
    const group = document.getElementById("blocks-group");
    try {
      return JSON.parse((group && group.dataset.mqBlockTitles) || "{}");
    } catch (error) {
      return {};
    }
  }

  function fieldWords(element) {
    if (element.tagName === "SELECT") {
      const option = element.options[element.selectedIndex];
      return option && option.value ? option.text : "";
    }
    const editors = window.CKEDITOR && window.CKEDITOR.instances;
    let text = editors && editors[element.id] ? editors[element.id].getData() : element.value;
    // Text only: markup is read by a detached document, never run.
    text = new DOMParser().parseFromString(text || "", "text/html").body.textContent || "";
    return text.replace(/\s+/g, " ").trim();
  }

  function shorten(text) {
    const words = text.split(" ");
    return words.length > TITLE_WORDS ? words.slice(0, TITLE_WORDS).join(" ") + "…" : text;
  }

  function retitle(block) {
    const select = kindSelectOf(block);
    const kindLabel = block.querySelector(".mq-block-bar__kind");
    const title = block.querySelector(".mq-block-bar__title");
    if (!select || !title || block.classList.contains("empty-form")) {
      return;
    }
    const option = select.options[select.selectedIndex];
    if (kindLabel) {
      kindLabel.textContent = option && option.value ? option.text : "New block";
    }
    const prefix = select.id.slice(0, -"kind".length);
    const names = titleFields()[select.value] || [];
    let text = "";
    for (let i = 0; i < names.length && !text; i += 1) {
      const element = document.getElementById(prefix + names[i]);
      text = element ? fieldWords(element) : "";
    }
    title.textContent = shorten(text);
  }

  function retitleFrom(element) {
    const block = element && element.closest && element.closest("#blocks-group .inline-related");
    if (block) {
      retitle(block);
    }
  }

  document.addEventListener("input", function (event) {
    retitleFrom(event.target);
  });

  document.addEventListener("change", function (event) {
    if (isKindSelect(event.target)) {
      sync(event.target);
    } else {
      retitleFrom(event.target);
    }
  });

  // --- ▲ ▼: one place up or down, in the page ------------------------------------------------

  function savedBlocks(group) {
    return Array.prototype.slice.call(group.querySelectorAll(".inline-related.has_original"));
  }

  // CKEditor 4 edits in an iframe, which a browser empties when its node moves: hand the text
  // back to the textarea, move, then start the editor again with its own settings.
  function detachEditors(block) {
    const editors = window.CKEDITOR && window.CKEDITOR.instances;
    const restart = [];
    if (!editors) {
      return restart;
    }
    block.querySelectorAll("textarea").forEach(function (textarea) {
      const editor = editors[textarea.id];
      if (editor) {
        editor.updateElement();
        editor.destroy();
        restart.push(textarea);
      }
    });
    return restart;
  }

  function reattachEditors(textareas) {
    textareas.forEach(function (textarea) {
      const config = JSON.parse(textarea.getAttribute("data-config") || "{}");
      window.CKEDITOR.replace(textarea.id, config);
    });
  }

  // Positions follow the page: saved blocks 1, 2, 3… as django-admin-sortable2 numbers them
  // after a drag, new blocks after them.
  function renumber(group) {
    let position = 0;
    group.querySelectorAll(".inline-related:not(.empty-form)").forEach(function (block) {
      const input = block.querySelector("input[id^='id_blocks-'][id$='-position']");
      if (input) {
        position += 1;
        input.value = String(position);
      }
    });
  }

  function markEnds(group) {
    const blocks = savedBlocks(group);
    blocks.forEach(function (block, index) {
      block.querySelectorAll(".mq-move__button").forEach(function (button) {
        const up = button.value.slice(-3) === ":up";
        const atEnd = up ? index === 0 : index === blocks.length - 1;
        button.setAttribute("aria-disabled", atEnd ? "true" : "false");
      });
    });
  }

  function announce(text) {
    const status = document.getElementById("mq-block-moves");
    if (status) {
      status.textContent = text;
    }
  }

  function move(button) {
    const group = document.getElementById("blocks-group");
    const block = button.closest(".inline-related");
    if (!group || !block) {
      return;
    }
    const blocks = savedBlocks(group);
    const here = blocks.indexOf(block);
    const up = button.value.slice(-3) === ":up";
    const neighbour = blocks[up ? here - 1 : here + 1];
    const name = (block.querySelector(".mq-block-bar__title") || {}).textContent || "The block";
    if (here === -1 || !neighbour) {
      announce("“" + name + "” is already " + (up ? "first." : "last."));
      return;
    }
    // The neighbour moves, not the block: the pressed button keeps its place in the page and
    // its focus, so ▲ can be pressed again at once.
    const editors = detachEditors(neighbour);
    if (up) {
      block.after(neighbour);
    } else {
      block.before(neighbour);
    }
    reattachEditors(editors);
    renumber(group);
    markEnds(group);
    button.focus();
    button.scrollIntoView({ block: "nearest" });
    block.classList.remove("mq-just-moved");
    void block.offsetWidth; // restart the highlight
    block.classList.add("mq-just-moved");
    announce(
      "“" + name + "” moved " + (up ? "up" : "down") + ": now " + (blocks.indexOf(neighbour) + 1) +
        " of " + blocks.length + ". Nothing is saved until you press Save."
    );
    // Autosave and the writing aids listen for changes to the form.
    const position = block.querySelector("input[id$='-position']");
    if (position) {
      position.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("#blocks-group .mq-move__button");
    if (!button) {
      return;
    }
    // Without this script the button posts the form, which comes back reordered, unsaved.
    event.preventDefault();
    move(button);
  });

  // --- New blocks ------------------------------------------------------------------------------

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

  function start() {
    document.querySelectorAll("select[id^='id_blocks-'][id$='-kind']").forEach(sync);
    const group = document.getElementById("blocks-group");
    if (group) {
      markEnds(group);
    }
    // Picker widgets (select2) announce their changes through jQuery only.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(document).on("change", "#blocks-group select", function () {
        retitleFrom(this);
      });
    }
    if (window.CKEDITOR) {
      window.CKEDITOR.on("instanceReady", function (event) {
        event.editor.on("change", function () {
          retitleFrom(event.editor.element.$);
        });
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
