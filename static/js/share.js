// Copy-link buttons: added only when JavaScript runs, announced through an aria-live region.

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

function announce(status, message) {
  // Clear first so the same message is announced again on a second click.
  status.textContent = "";
  window.setTimeout(() => { status.textContent = message; }, 50);
}

// The page's own address (its canonical link), copied by a button only JavaScript can work.
const address = document.querySelector('link[rel="canonical"]')?.href || window.location.href;

for (const share of document.querySelectorAll(".share")) {
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "share__copy";
  button.textContent = "Copy link";
  item.append(button);
  share.querySelector(".share__list")?.append(item);
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  status.dataset.copyStatus = "";
  share.append(status);
  button.addEventListener("click", async () => {
    try {
      await copyText(address);
      button.classList.add("is-copied");
      announce(status, "Link copied");
    } catch {
      announce(status, "Could not copy the link: select the address bar and copy it instead.");
    }
  });
}
