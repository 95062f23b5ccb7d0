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

    // The marker sits at a fraction of the picture (0–1 across and down); percentages of the
    // box, which is exactly the picture, keep it on its point when the picture is resized.
    function place(across01, down01) {
      marker.style.left = across01 * 100 + "%";
      marker.style.top = down01 * 100 + "%";
      marker.hidden = false;
    }

    function show() {
      place((Number(across.value) || 0) / 100, (Number(down.value) || 0) / 100);
    }

    function clamp(value) {
      return Math.min(1, Math.max(0, value));
    }

    box.addEventListener("click", function (event) {
      const bounds = image.getBoundingClientRect();
      const x = clamp((event.clientX - bounds.left) / bounds.width);
      const y = clamp((event.clientY - bounds.top) / bounds.height);
      // Whole percentages are stored; the marker stays exactly where the click was.
      across.value = Math.round(x * 100);
      down.value = Math.round(y * 100);
      place(x, y);
    });
    across.addEventListener("input", show);
    down.addEventListener("input", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-mq-focal]").forEach(setUp);
  });
})();
