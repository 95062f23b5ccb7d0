// Copy-link buttons: shown only when JavaScript runs, announced through an aria-live region.

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Older browsers and plain-HTTP pages: copy through a temporary text area.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("copy refused");
}

function announce(button, message) {
  const status = button.closest(".share")?.querySelector("[data-copy-status]");
  if (!status) return;
  // Clear first so the same message is announced again on a second click.
  status.textContent = "";
  window.setTimeout(() => { status.textContent = message; }, 50);
}

for (const button of document.querySelectorAll("[data-copy-link]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await copyText(button.dataset.copyLink);
      button.classList.add("is-copied");
      announce(button, "Link copied");
    } catch {
      announce(button, "Could not copy the link: select the address bar and copy it instead.");
    }
  });
}
