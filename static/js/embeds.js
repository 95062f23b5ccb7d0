// Embeds, private until clicked: the page shows the library's copy of the picture and the
// title, and nothing is asked of the provider until the reader clicks. Then the player
// from the provider's privacy-friendly host (youtube-nocookie.com, Vimeo with dnt=1)
// replaces the picture and starts playing, or, for posts, the provider's HTML (kept in an
// inert <template>) and its script are put in. Without JavaScript the picture is a link to
// the original.

function playerAddress(address) {
  const url = new URL(address);
  url.searchParams.set("autoplay", "1");
  return url.toString();
}

function showPlayer(figure, link) {
  const frame = document.createElement("iframe");
  frame.className = "embed__frame";
  frame.src = playerAddress(link.dataset.embedPlayer);
  frame.title = link.querySelector("[data-embed-title]").textContent.trim();
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  link.replaceWith(frame);
  figure.classList.add("embed--playing");
  frame.focus();
}

function showPost(figure, link) {
  const template = figure.querySelector("template.embed__html");
  const holder = document.createElement("div");
  holder.className = "embed__post";
  if (template) holder.append(template.content.cloneNode(true));
  link.replaceWith(holder);
  figure.classList.add("embed--playing");
  // A fresh script element each time: the provider's script looks for new posts when it runs.
  const script = document.createElement("script");
  script.src = link.dataset.embedScript;
  script.async = true;
  document.body.append(script);
}

for (const figure of document.querySelectorAll("[data-embed]")) {
  const link = figure.querySelector(".embed__facade");
  if (!link) continue;
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (link.dataset.embedPlayer) {
      event.preventDefault();
      showPlayer(figure, link);
    } else if (link.dataset.embedScript) {
      event.preventDefault();
      showPost(figure, link);
    }
  });
}
