// The article's private notes (articles/admin/planning.py): the panel's forms post by fetch
// and the panel redraws itself from the answer, so posting a note never leaves the page nor
// touches the article's own form, and nothing typed in it is lost. Without JavaScript the
// same forms post normally and come back to the page.
(function () {
  "use strict";

  function show(panel, text, failed) {
    const status = panel.querySelector(".mq-notes__status");
    if (!status) return;
    status.textContent = text || "";
    status.classList.toggle("mq-notes__status--error", Boolean(failed));
  }

  function submit(event) {
    const form = event.target.closest(".mq-notes__form");
    const panel = form && form.closest("#mq-notes");
    if (!panel) return;
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      body: new FormData(form),
    })
      .then(function (response) {
        return response.json().then(
          function (answer) {
            return { ok: response.ok, answer: answer };
          },
          function () {
            // Not the endpoint's JSON: a sign-in page or an error page answered.
            return {
              ok: false,
              answer: { message: "Not done: you may have been signed out. Reload the page (save the article first)." },
            };
          }
        );
      })
      .then(function (result) {
        if (!result.ok) {
          // The note stays typed in its box: only the message changes.
          show(panel, result.answer.message || "The note was not posted.", true);
          if (button) button.disabled = false;
          return;
        }
        const holder = document.createElement("div");
        holder.innerHTML = result.answer.html;
        const fresh = holder.querySelector("#mq-notes");
        panel.replaceWith(fresh);
        show(fresh, result.answer.message, false);
        const link = document.querySelector(".mq-notes-link");
        if (link) link.textContent = "Notes (" + fresh.dataset.count + ")";
      })
      .catch(function () {
        show(panel, "The note could not be sent: check your connection and post it again.", true);
        if (button) button.disabled = false;
      });
  }

  document.addEventListener("submit", submit);
})();
