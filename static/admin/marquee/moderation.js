// Moderating from the comment list (discussion/admin/in_place.py): a row's Approve, Spam or
// Remove is sent in the background and that row shows its new status and buttons, so the
// moderator keeps their place in a long page. Without JavaScript, or when the answer is not
// the row's JSON, the button submits the list's form to the same address and the same page
// of the list comes back with a message.
(function () {
  "use strict";

  let form = null;

  function say(level, text) {
    let list = document.querySelector("ul.messagelist");
    if (!list) {
      list = document.createElement("ul");
      list.className = "messagelist";
      const content = document.getElementById("content");
      content.parentNode.insertBefore(list, content);
    }
    // Read out by screen readers: the row changed without a page load.
    list.setAttribute("role", "status");
    list.textContent = "";
    const item = document.createElement("li");
    item.className = level;
    item.textContent = text;
    list.appendChild(item);
  }

  function setBusy(row, busy) {
    row.querySelectorAll("button.mq-verdict").forEach(function (button) {
      button.disabled = busy;
    });
    row.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function update(row, answer) {
    const cell = row.querySelector(".field-excerpt_and_verdicts");
    // The server's own escaped HTML (format_html), the cells it renders in the list.
    cell.innerHTML = answer.cell;
    const badge = row.querySelector(".field-status_badge");
    if (badge) {
      badge.innerHTML = answer.badge;
    }
    row.classList.add("mq-row--moderated");
    const first = cell.querySelector("button.mq-verdict");
    if (first) {
      first.focus();
    }
  }

  function onClick(event) {
    const button = event.target.closest("button.mq-verdict[formaction]");
    if (!button) {
      return;
    }
    event.preventDefault();
    const row = button.closest("tr");
    const body = new FormData();
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    body.append("verdict", button.value);
    body.append("back", "list");
    setBusy(row, true);
    fetch(button.formAction, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: body,
    })
      .then(function (response) {
        const type = response.headers.get("Content-Type") || "";
        if (!type.includes("application/json")) {
          throw new Error("not the row's answer");
        }
        return response.json();
      })
      .then(function (answer) {
        setBusy(row, false);
        say(answer.level, answer.message);
        if (answer.ok) {
          update(row, answer);
        }
      })
      .catch(function () {
        // Signed out, offline, a server error: the ordinary form post says what happened.
        setBusy(row, false);
        form.requestSubmit(button);
      });
  }

  // The admin loads its media in the head: the list exists once the document is parsed.
  document.addEventListener("DOMContentLoaded", function () {
    form = document.getElementById("changelist-form");
    if (form) {
      form.addEventListener("click", onClick);
    }
  });
})();
