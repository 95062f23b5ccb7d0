// Who else has an article open (articles/presence.py). On the article form: a heartbeat
// every ~15 s says "still here" and shows "Name is editing", with "Take over" for an
// editor; leaving the page says goodbye. On the article list: "Name is editing" beside
// each title someone has open. It never blocks saving: the version check does that.
(function () {
  "use strict";

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, fields) {
    const body = new FormData();
    Object.keys(fields).forEach(function (name) {
      body.append(name, fields[name]);
    });
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      body: body,
    }).then(function (response) {
      return response.json().then(function (answer) {
        return { ok: response.ok, answer: answer };
      });
    });
  }

  function startForm(box) {
    const url = box.dataset.url;
    const every = (Number(box.dataset.every) || 15) * 1000;

    function show(answer) {
      box.textContent = "";
      const line = document.createElement("p");
      let text = "";
      if (answer.lost_to) {
        text = answer.lost_to + " took over this article. Your typing is still here; " +
          "a save over their newer version is refused, with a choice.";
        box.classList.add("mq-presence--lost");
      } else if (answer.holder) {
        text = answer.holder + " is editing this article.";
        box.classList.remove("mq-presence--lost");
      } else if (answer.others.length) {
        text = answer.others.join(", ") + (answer.others.length === 1 ? " also has" : " also have") +
          " this article open.";
      }
      line.textContent = text;
      box.appendChild(line);
      if (answer.can_take_over) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "mq-presence__take-over";
        button.textContent = "Take over";
        button.addEventListener("click", function () {
          beat(true);
        });
        box.appendChild(button);
      }
      box.hidden = !text;
    }

    function beat(takeOver) {
      post(url, takeOver ? { take_over: "1" } : {})
        .then(function (result) {
          if (result.ok) {
            show(result.answer);
          }
        })
        .catch(function () {});
    }

    window.addEventListener("pagehide", function () {
      const body = new FormData();
      body.append("leave", "1");
      body.append("csrfmiddlewaretoken", csrfToken());
      navigator.sendBeacon(url, body);
    });
    beat(false);
    window.setInterval(function () {
      beat(false);
    }, every);
  }

  function startList(marker) {
    const rows = {};
    document.querySelectorAll("#result_list input.action-select").forEach(function (box) {
      const row = box.closest("tr");
      const title = row && row.querySelector("th a, td a");
      if (title) {
        rows[box.value] = title.parentNode;
      }
    });
    const ids = Object.keys(rows);
    if (!ids.length) {
      return;
    }
    function poll() {
      fetch(marker.dataset.url + "?ids=" + ids.join(","), { credentials: "same-origin" })
        .then(function (response) {
          return response.json();
        })
        .then(function (answer) {
          ids.forEach(function (id) {
            let badge = rows[id].querySelector(".mq-editing");
            const name = answer.editing[id];
            if (!name) {
              if (badge) {
                badge.remove();
              }
              return;
            }
            if (!badge) {
              badge = document.createElement("span");
              badge.className = "mq-editing";
              rows[id].appendChild(badge);
            }
            badge.textContent = name + " is editing";
          });
        })
        .catch(function () {});
    }
    poll();
    window.setInterval(poll, (Number(marker.dataset.every) || 15) * 1000);
  }

  function start() {
    const box = document.getElementById("mq-presence");
    if (box) {
      startForm(box);
    }
    const marker = document.getElementById("mq-editing-now");
    if (marker) {
      startList(marker);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
