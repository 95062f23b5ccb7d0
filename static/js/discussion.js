// Marquee discussion: votes, ratings, comments, replies, passage feedback and "load more"
// without a full reload.
// The article page is the same cached HTML for every reader: its forms carry no CSRF token and
// nothing of the reader's own. This file fetches discussion/<id>/me/ (token, form stamp, who is
// signed in, votes, rating, pending comments, what they may edit) and applies it; forms wait for
// it before they post. Without this file every form still works: a post lands on a page of its
// own that carries a token, and one more click sends it.

const root = document.querySelector("[data-discussion]");

const JSON_HEADERS = { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" };

let state = null;
let stateLoaded = null;

function csrfToken() {
  return state ? state.csrf : "";
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

async function send(form, extra = {}, url = form.action) {
  await stateLoaded;
  const body = new FormData(form);
  for (const [key, value] of Object.entries(extra)) body.set(key, value);
  const response = await fetch(url, {
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
  form.querySelectorAll("button[name=stars]").forEach((star) => {
    const stars = Number(star.value);
    star.classList.toggle("is-on", Boolean(value) && stars <= value);
    star.setAttribute("aria-pressed", String(stars === value));
  });
  const yours = form.querySelector("[data-rating-yours]");
  if (yours) yours.textContent = value ? `You rated it ${value} out of 5.` : "";
}

// Each comment links to its vote page (`?vote=<id>` on the article, which redirects there: it
// works without JavaScript); here the link becomes up and down buttons that post through the
// page's one vote form.
function voteButton(link, value) {
  const button = document.createElement("button");
  button.type = "submit";
  button.setAttribute("form", "vote-form");
  button.formAction = commentUrl(root.dataset.voteUrl, commentId(link.closest(COMMENT)));
  button.name = "value";
  button.value = value;
  button.className = value === "1" ? "vote vote-up" : "vote vote-down";
  button.setAttribute("aria-label", value === "1" ? "Vote up" : "Vote down");
  button.setAttribute("aria-pressed", "false");
  button.textContent = value === "1" ? "▲" : "▼";
  return button;
}

function upgradeVotes(scope) {
  scope.querySelectorAll(VOTE_LINK).forEach((link) => {
    // A comment nobody has voted on shows no score until there is one to show.
    let score = link.parentElement.querySelector("[data-score]");
    if (!score) {
      score = document.createElement("span");
      score.dataset.score = "";
      score.textContent = "0";
      link.before(score, " ");
    }
    score.before(voteButton(link, "1"));
    score.after(voteButton(link, "-1"));
    link.remove();
  });
}

// A comment's vote and reply links (they work without JavaScript): known by where they lead.
const VOTE_LINK = "li > article > footer > a[href^='?vote=']";
const REPLY_LINK = "li > article > footer > a[href^='?reply_to=']";

// A comment in a thread: its <li> has the comment's anchor id (or, in a copy, data-comment).
const COMMENT = "li[id^='comment-'], li[data-comment]";

// A comment's number: from its anchor id, or from data-comment where a copy gave the id up.
function commentId(item) {
  return Number(item.dataset.comment || item.id.slice("comment-".length));
}

function commentUrl(template, id) {
  return template.replace("/0/", `/${id}/`);
}

// The reader's own actions on their comments: edit (for 10 minutes) and delete.
function ownActions(item, id) {
  const footer = item.querySelector(":scope > article > footer");
  if (!footer || footer.querySelector("[data-own-actions]")) return;
  const actions = document.createElement("span");
  actions.className = "own-actions";
  actions.dataset.ownActions = "";
  if (state.editable.includes(id)) {
    const edit = document.createElement("a");
    edit.href = commentUrl(root.dataset.editUrl, id);
    edit.textContent = "Edit";
    actions.append(edit, " ");
  }
  const remove = document.createElement("button");
  remove.type = "submit";
  remove.className = "link-button";
  remove.setAttribute("form", "comment-delete-form");
  remove.formAction = commentUrl(root.dataset.deleteUrl, id);
  remove.textContent = "Delete";
  actions.append(remove);
  footer.append(" ", actions);
}

function applyState(scope = document, { pending = true } = {}) {
  if (!state) return;
  document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach((input) => {
    input.value = state.csrf;
  });
  // A stamp is good for one comment: each fresh state brings the next one.
  document.querySelectorAll("[data-comment-form] input[name=stamp]").forEach((input) => {
    input.value = state.stamp;
  });
  scope.querySelectorAll(COMMENT).forEach((item) => {
    const id = commentId(item);
    const buttons = item.querySelectorAll(":scope > article .vote");
    setPressed(buttons, id in votedHere ? votedHere[id] : state.votes[id] || 0);
    if (state.own.includes(id)) {
      buttons.forEach((button) => {
        button.disabled = true;
        button.title = "You cannot vote on your own comment";
      });
      ownActions(item, id);
    }
  });
  if (scope !== document) return;
  if (state.authenticated) {
    document.querySelectorAll("[data-guest-fields]").forEach((fields) => {
      fields.hidden = true;
      fields.querySelectorAll("[required]").forEach((input) => (input.required = false));
    });
    document.querySelectorAll("[data-signed-in]").forEach((note) => (note.hidden = false));
    document.querySelectorAll("[data-reader-name]").forEach((name) => {
      name.textContent = state.name;
    });
    document.querySelectorAll("[data-comment-form] [data-guest-fields]").forEach((fields) => {
      if (fields.previousElementSibling?.matches("[data-commenting-as]")) return;
      const note = document.createElement("p");
      note.className = "help";
      note.dataset.commentingAs = "";
      const name = document.createElement("strong");
      name.textContent = state.name;
      note.append("Commenting as ", name, ".");
      fields.before(note);
    });
  }
  const ratingForm = root.querySelector("[data-rating-form]");
  if (ratingForm) showStars(ratingForm, state.rating);
  const slot = root.querySelector("[data-pending-slot]");
  if (pending && slot && state.pending_html) slot.innerHTML = state.pending_html;
}

async function loadState(options = {}) {
  try {
    const response = await fetch(root.dataset.meUrl, {
      credentials: "same-origin",
      headers: JSON_HEADERS,
    });
    if (response.ok) {
      state = await response.json();
      applyState(document, options);
    }
  } catch {
    // Offline or blocked: posts then land on the pages with a token, as without JavaScript.
  }
}

// Votes cast on this page: newer than any reader state fetched before they were answered
// (a state asked for after a reply can arrive after the vote and must not undo it).
const votedHere = {};

async function onVote(form, submitter) {
  const { data } = await send(form, { value: submitter.value }, submitter.formAction);
  const actions = submitter.closest("footer");
  if (!data.ok) return say(submitter.closest("article"), data.error, "error");
  votedHere[commentId(submitter.closest(COMMENT))] = data.vote;
  actions.querySelector("[data-score]").textContent = data.score;
  setPressed(actions.querySelectorAll(".vote"), data.vote);
}

async function onRate(form, submitter) {
  const { data } = await send(form, { stars: submitter.value });
  if (!data.ok) return say(form, data.error, "error");
  root.querySelector("[data-rating-summary]").innerHTML = data.summary;
  showStars(form, data.rating);
}

// The one comment form, its home under the thread, and the words it says where it stands.
const commentForm = root && root.querySelector("#comment-form");
const formHome = document.createElement("span");
const formWords = commentForm && {
  title: commentForm.querySelector("[data-form-title]").textContent,
  label: commentForm.querySelector("[data-body-label]").textContent,
  button: commentForm.querySelector("[data-post-label]").textContent,
};

function setFormWords(form, { title, label, button }) {
  form.querySelector("[data-form-title]").textContent = title;
  form.querySelector("[data-body-label]").textContent = label;
  form.querySelector("[data-post-label]").textContent = button;
}

// "Replying to … Cancel reply": the server writes it only on a page that opens as a reply.
function replyingNote(form) {
  const note = document.createElement("p");
  note.className = "replying-to";
  note.dataset.replyingTo = "";
  const name = document.createElement("strong");
  name.dataset.replyingName = "";
  const cancel = document.createElement("a");
  cancel.href = "#comment-form";
  cancel.dataset.cancelReply = "";
  cancel.textContent = "Cancel reply";
  note.append("Replying to ", name, ". ", cancel);
  form.querySelector("[data-form-title]").after(note);
  return note;
}

function placeForm(form, { parent = "", anchor = "", replyName = "" }) {
  form.querySelector("[name=parent]").value = parent;
  form.querySelector("[name=anchor]").value = anchor;
  const note = form.querySelector("[data-replying-to]") || replyingNote(form);
  note.querySelector("[data-replying-name]").textContent = replyName;
  note.hidden = !parent;
  form.querySelector(":scope > .form-status")?.remove();
  if (anchor) {
    setFormWords(form, {
      title: "Comment on this passage",
      label: "Your comment on this passage",
      button: "Post feedback",
    });
  } else {
    setFormWords(form, formWords);
  }
}

function placeReplyForm(link) {
  const item = link.closest(COMMENT);
  item.querySelector(":scope > article").after(commentForm);
  placeForm(commentForm, {
    parent: String(commentId(item)),
    replyName: item.querySelector(":scope > article > header > bdi").textContent,
  });
  commentForm.querySelector("textarea").focus();
}

function resetForm() {
  formHome.after(commentForm);
  placeForm(commentForm, {});
}

function placeFeedbackForm(details) {
  const block = details.closest("[id^=block-]");
  details.querySelector(".block-feedback-panel").append(commentForm);
  placeForm(commentForm, { anchor: block.id.slice("block-".length) });
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
      upgradeVotes(node);
      const parent = data.parent && document.getElementById(`comment-${data.parent}`);
      if (parent) {
        let replies = parent.querySelector(":scope > .comment-replies");
        if (!replies) {
          replies = document.createElement("ol");
          replies.className = "comment-replies";
          parent.append(replies);
        }
        replies.append(node);
      } else if (!form.closest(".block-feedback")) {
        root.querySelector("[data-thread] .comment-empty")?.remove();
        root.querySelector("[data-thread]").append(node);
      }
      if (data.count !== undefined) {
        const count = root.querySelector("[data-comment-count]");
        if (count) count.textContent = data.count;
      }
    }
    form.reset();
    // Feedback stays where it was posted, with its thank-you; a reply goes back home.
    if (!form.closest(".block-feedback")) resetForm();
    say(form, data.message);
    // The new comment is the reader's own now: refresh what they may edit or delete (it is
    // already shown where it was posted, so not again among the pending ones).
    await loadState({ pending: false });
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
  upgradeVotes(page);
  const items = [...page.querySelectorAll("[data-thread] > li")];
  items.forEach((item) => thread.append(item));
  items.forEach((item) => applyState(item));
  const next = page.querySelector("[data-load-more]");
  const current = link.closest("[data-load-more]");
  if (next) current.replaceWith(next);
  else current.remove();
}

async function loadPassageComments(details) {
  const link = details.querySelector("[data-block-comments]");
  const slot = details.querySelector("[data-block-thread]");
  if (!link || slot.dataset.loaded) return;
  slot.dataset.loaded = "true";
  const uid = details.closest("[id^=block-]").id.slice("block-".length);
  const url = `${root.dataset.commentsUrl}?block=${uid}&sort=oldest`;
  const response = await fetch(url, {
    credentials: "same-origin",
    headers: { "X-Requested-With": "XMLHttpRequest" },
  });
  if (!response.ok) return;
  const page = fragment(await response.text());
  page.querySelector("[data-load-more]")?.remove();
  // The same comments also sit in the thread below: keep ids unique, and reply down there.
  page.querySelectorAll(COMMENT).forEach((item) => {
    item.dataset.comment = commentId(item);
    item.removeAttribute("id");
  });
  page.querySelectorAll(REPLY_LINK).forEach((reply) => {
    reply.href = `#comment-${commentId(reply.closest(COMMENT))}`;
    reply.textContent = "Reply in the thread";
  });
  upgradeVotes(page);
  slot.append(page);
  applyState(slot);
  link.hidden = true;
}

// The server leaves an empty slot under each passage readers may comment on (with a link to
// the passage's comments when it has some); here it becomes a panel that shows them and takes
// the page's one form. Without JavaScript, the comment page lists the passages instead.
function upgradeFeedback(control) {
  const details = document.createElement("details");
  details.className = "block-feedback";
  const summary = document.createElement("summary");
  summary.innerHTML = '<span class="feedback-label">Comment on this passage</span>';
  const count = control.querySelector("[data-feedback-count]");
  if (count) summary.append(" ", count.cloneNode(true));
  const panel = document.createElement("div");
  panel.className = "block-feedback-panel";
  const thread = document.createElement("div");
  thread.dataset.blockThread = "";
  const comments = control.querySelector("[data-block-comments]");
  if (comments) {
    comments.textContent = `Read ${count.textContent} comment${count.textContent === "1" ? "" : "s"} on this passage`;
    const line = document.createElement("p");
    line.append(comments);
    panel.append(line);
  }
  panel.append(thread);
  details.append(summary, panel);
  details.addEventListener("toggle", () => {
    if (!details.open) {
      if (commentForm && details.contains(commentForm)) resetForm();
      return;
    }
    loadPassageComments(details);
    if (commentForm) placeFeedbackForm(details);
  });
  control.replaceWith(details);
}

// The forms the vote and delete buttons post through (they exist only with JavaScript).
function hiddenForm(id) {
  const form = document.createElement("form");
  form.id = id;
  form.method = "post";
  form.hidden = true;
  const token = document.createElement("input");
  token.type = "hidden";
  token.name = "csrfmiddlewaretoken";
  form.append(token);
  root.append(form);
  return form;
}

if (root) {
  document.documentElement.classList.add("discussion-js");
  hiddenForm("vote-form").dataset.voteForm = "";
  hiddenForm("comment-delete-form");
  if (commentForm) {
    formHome.hidden = true;
    commentForm.before(formHome);
  }
  document.querySelectorAll(".fb").forEach((passage) => {
    // A passage with comments already has its control (the count); the others get one.
    let control = passage.querySelector("p.block-feedback");
    if (!control && !commentForm) return; // comments are closed
    if (!control) {
      control = document.createElement("p");
      control.className = "block-feedback";
      (passage.tagName === "TR" ? passage.lastElementChild : passage).append(control);
    }
    upgradeFeedback(control);
  });
  upgradeVotes(root);
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
    const reply = event.target.closest(REPLY_LINK);
    if (reply && commentForm) {
      event.preventDefault();
      placeReplyForm(reply);
      return;
    }
    const cancel = event.target.closest("[data-cancel-reply]");
    if (cancel) {
      event.preventDefault();
      resetForm();
      return;
    }
    const more = event.target.closest("[data-load-more] a[data-partial]");
    if (more) {
      event.preventDefault();
      loadMore(more);
    }
  });
  stateLoaded = loadState();
}
