// The image library's focal point: click the subject of the picture and the two
// percentage fields below it are filled in (they still work by hand without JavaScript).
(function () {
  "use strict";

  function setUp(box) {
    const image = box.querySelector(".mq-focal__image");
    const marker = box.querySelector(".mq-focal__marker");
    const across = document.getElementById("id_focal_x");
    const down = document.getElementById("id_focal_y");
    if (!image || !marker || !across || !down) {
      return;
    }

    function show() {
      marker.style.left = (Number(across.value) || 0) + "%";
      marker.style.top = (Number(down.value) || 0) + "%";
      marker.hidden = false;
    }

    function clamp(value) {
      return Math.min(100, Math.max(0, Math.round(value)));
    }

    box.addEventListener("click", function (event) {
      const bounds = image.getBoundingClientRect();
      across.value = clamp(((event.clientX - bounds.left) / bounds.width) * 100);
      down.value = clamp(((event.clientY - bounds.top) / bounds.height) * 100);
      show();
    });
    across.addEventListener("input", show);
    down.addEventListener("input", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-mq-focal]").forEach(setUp);
  });
})();
