// Marquee discussion: votes, ratings, comments, replies and "load more" without a full reload.
// Every form also works without this file (it posts and redirects back with a message).
// The reader's own state (CSRF token, votes, rating, pending comments) is fetched from
// discussion/<id>/me/, so the rest of the article page can be cached and shared.

const root = document.querySelector("[data-discussion]");

const JSON_HEADERS = { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" };

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function say(container, text, kind = "success") {
  if (!text) return;
  let status = container.querySelector(":scope > .form-status");
  if (!status) {
    status = document.createElement("p");
    status.className = "form-status";
    status.setAttribute("role", kind === "error" ? "alert" : "status");
    container.append(status);
  }
  status.className = `form-status message message-${kind}`;
  status.textContent = text;
}

async function send(form, extra = {}) {
  const body = new FormData(form);
  for (const [key, value] of Object.entries(extra)) body.set(key, value);
  const response = await fetch(form.action, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { ...JSON_HEADERS, "X-CSRFToken": csrfToken() },
  });
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = { ok: false, error: "Something went wrong. Please try again." };
  }
  return { response, data };
}

function fragment(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content;
}

function setPressed(buttons, value) {
  buttons.forEach((button) => {
    button.setAttribute("aria-pressed", String(Number(button.value) === value));
  });
}

function showStars(form, value) {
  form.querySelectorAll("[data-star]").forEach((star) => {
    const stars = Number(star.dataset.star);
    star.classList.toggle("is-on", Boolean(value) && stars <= value);
    star.setAttribute("aria-pressed", String(stars === value));
  });
  const yours = form.querySelector("[data-rating-yours]");
  if (yours) yours.textContent = value ? `You rated it ${value} out of 5.` : "";
}

function applyState(state) {
  document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach((input) => {
    input.value = state.csrf;
  });
  document.querySelectorAll("[data-comment]").forEach((item) => {
    const id = item.dataset.comment;
    const buttons = item.querySelectorAll(":scope > article [data-vote]");
    setPressed(buttons, state.votes[id] || 0);
    if (state.own.includes(Number(id))) buttons.forEach((button) => (button.disabled = true));
    const own = item.querySelector(":scope > article [data-own-actions]");
    if (own) own.hidden = !state.editable.includes(Number(id));
  });
  const ratingForm = root.querySelector("[data-rating-form]");
  if (ratingForm) showStars(ratingForm, state.rating);
  const slot = root.querySelector("[data-pending-slot]");
  if (slot && state.pending_html) slot.innerHTML = state.pending_html;
}

async function loadState() {
  try {
    const response = await fetch(root.dataset.meUrl, {
      credentials: "same-origin",
      headers: JSON_HEADERS,
    });
    if (response.ok) applyState(await response.json());
  } catch {
    // Offline or blocked: the server-rendered state stays in place.
  }
}

async function onVote(form, submitter) {
  const { data } = await send(form, { value: submitter.value });
  const article = form.closest("article");
  if (!data.ok) return say(article, data.error, "error");
  form.querySelector("[data-score]").textContent = data.score;
  setPressed(form.querySelectorAll("[data-vote]"), data.vote);
}

async function onRate(form, submitter) {
  const { data } = await send(form, { stars: submitter.value });
  if (!data.ok) return say(form, data.error, "error");
  root.querySelector("[data-rating-summary]").innerHTML = data.summary;
  showStars(form, data.rating);
}

function placeReplyForm(link) {
  const form = root.querySelector("#comment-form");
  if (!form) return;
  if (!form.previousElementSibling || !form.previousElementSibling.matches("[data-form-home]")) {
    const home = document.createElement("span");
    home.dataset.formHome = "";
    home.hidden = true;
    form.before(home);
  }
  const item = document.getElementById(`comment-${link.dataset.reply}`);
  item.querySelector(":scope > article").after(form);
  form.querySelector("[name=parent]").value = link.dataset.reply;
  const note = form.querySelector("[data-replying-to]");
  note.querySelector("[data-replying-name]").textContent = link.dataset.replyName;
  note.hidden = false;
  form.querySelector("textarea").focus();
}

function resetReplyForm(form) {
  const home = root.querySelector("[data-form-home]");
  if (home) home.after(form);
  form.querySelector("[name=parent]").value = "";
  form.querySelector("[data-replying-to]").hidden = true;
}

async function onComment(form) {
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const { response, data } = await send(form);
    form.querySelectorAll(".field-errors.js").forEach((node) => node.remove());
    if (!data.ok) {
      for (const [name, messages] of Object.entries(data.errors || {})) {
        const field = form.querySelector(`[name=${name}]`);
        if (!field || field.type === "hidden") continue;
        const error = document.createElement("span");
        error.className = "field-errors js";
        error.setAttribute("role", "alert");
        error.textContent = messages.join(" ");
        field.after(error);
      }
      const hidden = Object.entries(data.errors || {})
        .filter(([name]) => !form.querySelector(`[name=${name}]:not([type=hidden])`))
        .map(([, messages]) => messages.join(" "));
      return say(form, [data.error, ...hidden].join(" "), "error");
    }
    if (response.status === 201 && data.html) {
      const node = fragment(data.html);
      const parent = data.parent && document.getElementById(`comment-${data.parent}`);
      if (parent) {
        let replies = parent.querySelector(":scope > .comment-replies");
        if (!replies) {
          replies = document.createElement("ol");
          replies.className = "comment-replies";
          parent.append(replies);
        }
        replies.append(node);
      } else if (!form.closest("[data-block-feedback]")) {
        root.querySelector("[data-thread] .comment-empty")?.remove();
        root.querySelector("[data-thread]").append(node);
      }
      if (data.count !== undefined) {
        const count = root.querySelector("[data-comment-count]");
        if (count) count.textContent = data.count;
      }
    }
    form.reset();
    if (form.id === "comment-form") resetReplyForm(form);
    say(form, data.message);
  } finally {
    button.disabled = false;
  }
}

async function onGenericForm(form) {
  const { data } = await send(form);
  say(form, data.ok ? data.message : data.error, data.ok ? "success" : "error");
  if (data.ok) form.reset();
}

async function loadMore(link) {
  link.setAttribute("aria-busy", "true");
  const response = await fetch(link.dataset.partial, {
    credentials: "same-origin",
    headers: { "X-Requested-With": "XMLHttpRequest" },
  });
  if (!response.ok) {
    link.removeAttribute("aria-busy");
    return;
  }
  const page = fragment(await response.text());
  const thread = root.querySelector("[data-thread]");
  page.querySelectorAll("[data-thread] > li").forEach((item) => thread.append(item));
  const next = page.querySelector("[data-load-more]");
  const current = link.closest("[data-load-more]");
  if (next) current.replaceWith(next);
  else current.remove();
}

async function openBlockFeedback(details) {
  const link = details.querySelector("[data-block-comments]");
  const slot = details.querySelector("[data-block-thread]");
  if (!link || !slot || slot.dataset.loaded) return;
  slot.dataset.loaded = "true";
  const url = `${root.dataset.commentsUrl}?block=${link.dataset.blockComments}&sort=oldest`;
  const response = await fetch(url, {
    credentials: "same-origin",
    headers: { "X-Requested-With": "XMLHttpRequest" },
  });
  if (!response.ok) return;
  const page = fragment(await response.text());
  page.querySelector("[data-load-more]")?.remove();
  // The same comments also sit in the thread below: keep ids unique, and reply down there.
  page.querySelectorAll("[id^=comment-]").forEach((node) => node.removeAttribute("id"));
  page.querySelectorAll("[data-reply]").forEach((link) => {
    link.href = `#comment-${link.dataset.reply}`;
    link.textContent = "Reply in the thread";
    delete link.dataset.reply;
  });
  slot.append(page);
  link.closest("p").hidden = true;
}

if (root) {
  document.documentElement.classList.add("discussion-js");
  document.addEventListener("submit", (event) => {
    const form = event.target;
    const submitter = event.submitter;
    let handler = null;
    if (form.matches("[data-vote-form]")) handler = () => onVote(form, submitter);
    else if (form.matches("[data-rating-form]")) handler = () => onRate(form, submitter);
    else if (form.matches("[data-comment-form]")) handler = () => onComment(form);
    else if (form.matches("[data-subscribe-form]")) handler = () => onGenericForm(form);
    if (!handler) return;
    event.preventDefault();
    handler().catch(() => say(form, "Something went wrong. Please try again.", "error"));
  });
  document.addEventListener("click", (event) => {
    const reply = event.target.closest("[data-reply]");
    if (reply) {
      event.preventDefault();
      placeReplyForm(reply);
      return;
    }
    const cancel = event.target.closest("[data-cancel-reply]");
    if (cancel) {
      event.preventDefault();
      resetReplyForm(cancel.closest("form"));
      return;
    }
    const more = event.target.closest("[data-load-more] a[data-partial]");
    if (more) {
      event.preventDefault();
      loadMore(more);
    }
  });
  document.querySelectorAll("[data-block-feedback]").forEach((details) => {
    details.addEventListener("toggle", () => details.open && openBlockFeedback(details));
  });
  loadState();
}
