// A country select an editor can type into ("united", "US"): Django admin's own select2,
// on every country select of the page, those of inline rows added later included.
"use strict";
{
  const $ = window.django && window.django.jQuery;
  const enhance = (root) => {
    if (!$ || !$.fn.select2) return;
    $(root).find("select[data-country-select]").each(function () {
      if (this.closest(".empty-form") || this.classList.contains("select2-hidden-accessible")) return;
      $(this).select2({ width: "16em" });
    });
  };
  document.addEventListener("DOMContentLoaded", () => enhance(document));
  document.addEventListener("formset:added", (event) => enhance(event.target));
}
