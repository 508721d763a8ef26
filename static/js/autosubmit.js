/* Selects marked [data-autosubmit] submit their form when changed (the admin
 * screens the portal adds; the portal's own pages get this from portal.js).
 * A script file rather than an onchange= attribute, for a strict CSP. */
(function () {
  "use strict";
  function wire() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-autosubmit]"), function (control) {
      control.addEventListener("change", function () {
        if (control.form) { control.form.submit(); }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wire); } else { wire(); }
})();
