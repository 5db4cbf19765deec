// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Filter forms marked data-autosubmit apply a choice as soon as it is made.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (!event.target.matches("select, input[type=checkbox]")) return;
      form.querySelectorAll("select, input").forEach(function (field) {
        // Empty fields stay out of the address, so it is short and worth sharing.
        if (!field.value && field.type !== "checkbox") field.disabled = true;
      });
      form.submit();
    });
  });
  // Coming back to a page from the history cache: fields disabled above are usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-autosubmit] [disabled]").forEach(function (field) {
      field.disabled = false;
    });
  });
})();
