// Spoiler guard: "How far have you watched?" saved without leaving the page, and every
// spoiler of that series folded or unfolded in place. Without JavaScript the same form
// posts, the server sets the cookie and the page comes back folded the same way.

function beyond(season, episode, position) {
  return season > position[0] || (season === position[0] && episode > position[1]);
}

function refold(answer) {
  const gates = document.querySelectorAll(`[data-spoiler-gate][data-series="${answer.series}"]`);
  for (const gate of gates) {
    const season = Number(gate.dataset.season);
    const episode = Number(gate.dataset.episode);
    let text;
    if (!answer.position) {
      text = answer.summaries.unsaid;
      gate.open = false;
    } else if (beyond(season, episode, answer.position)) {
      text = answer.summaries.beyond;
      gate.open = false;
    } else {
      text = answer.summaries.watched;
      gate.open = true;
    }
    const summary = gate.querySelector("[data-spoiler-summary]");
    if (summary) {
      summary.textContent = text.replace("{episode}", gate.dataset.label).replace("{position}", answer.label);
    }
  }
}

function sayWhere(form, answer) {
  const status = form.querySelector("[data-watch-status]");
  if (!status) return;
  status.textContent = answer.position
    ? `You've watched up to ${answer.label}: spoilers past it stay folded.`
    : "Spoilers for any episode stay folded until you open them.";
}

for (const form of document.querySelectorAll("[data-watch-form]")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const answer = await response.json();
      refold(answer);
      for (const other of document.querySelectorAll(`[data-watch-form][data-series="${answer.series}"]`)) {
        sayWhere(other, answer);
      }
    } catch {
      // The plain form still works: send it the ordinary way.
      form.submit();
    } finally {
      if (button) button.disabled = false;
    }
  });
}
