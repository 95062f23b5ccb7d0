// Release times in the reader's own time zone. The page is cached and shared, so the server
// writes each time in the site's zone (with its abbreviation) inside <time datetime="…Z">;
// this rewrites the visible text with the browser's zone. A date alone has no
// data-local-time and never moves to another day.

const lang = document.documentElement.lang || undefined;
const DAY = 24 * 60 * 60 * 1000;

function label(moment) {
  const options = {
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  };
  // As the server writes it: the year only for a day past or more than six months ahead.
  const days = (moment.getTime() - Date.now()) / DAY;
  if (days < -1 || days >= 183) {
    options.year = "numeric";
  }
  return new Intl.DateTimeFormat(lang, options).format(moment);
}

for (const element of document.querySelectorAll("time[data-local-time]")) {
  const moment = new Date(element.getAttribute("datetime"));
  if (!Number.isNaN(moment.getTime())) {
    element.title = element.textContent;
    element.textContent = label(moment);
  }
}
