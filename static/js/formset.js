/* "添加一项" on the portal's formsets (plan course lines, impact indicators):
 * a [data-formset] block holds the management form, the rows and a
 * <template data-formset-empty> with Django's empty_form (__prefix__); the
 * button [data-formset-add] clones it with the next index and bumps
 * TOTAL_FORMS. Without JavaScript the formset's extra row still works.
 * A script file rather than inline code, for a strict CSP. */
(function () {
  "use strict";
  function wire() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-formset]"), function (block) {
      var prefix = block.getAttribute("data-formset");
      var total = block.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
      var template = block.querySelector("template[data-formset-empty]");
      var rows = block.querySelector("[data-formset-rows]");
      var button = block.querySelector("[data-formset-add]");
      if (!total || !template || !rows || !button) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var index = parseInt(total.value, 10);
        var html = template.innerHTML.replace(/__prefix__/g, String(index))
          .replace(/__number__/g, String(index + 1));
        rows.insertAdjacentHTML("beforeend", html);
        total.value = String(index + 1);
        var first = rows.lastElementChild && rows.lastElementChild.querySelector("select, input, textarea");
        if (first) { first.focus(); }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wire); } else { wire(); }
})();
