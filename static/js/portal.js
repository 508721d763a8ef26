/* The portal's few behaviours, attached here rather than in onclick=/onchange=
 * attributes so that a Content-Security-Policy without 'unsafe-inline' holds.
 * Loaded in <head> without defer: it marks <html> as scripted at once (so the
 * phone menu starts folded without a flash) and wires the page once parsed.
 * Every behaviour degrades to plain HTML when scripts do not run.
 *
 *   [data-nav-toggle]      the header's menu button on phones (aria-expanded, Escape closes)
 *   details.account-menu   the avatar's menu (language, log out): a dropdown on a desktop,
 *                          laid open inside the phone menu
 *   [data-autosubmit]      a <select> that submits its form when changed
 *   [data-history-back]    a hidden button shown when there is a page to go back to
 *   [data-print]           a button that opens the print dialog
 *   details.toc            the policy's contents: open beside the text on a desktop,
 *                          folded on a phone; the section being read is highlighted
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function each(selector, fn, root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  function navMenu() {
    var button = document.querySelector("[data-nav-toggle]");
    if (!button) { return; }
    var header = button.closest(".site-header");
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    function set(open) {
      header.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      set(open);
      if (open && menu) {
        var first = menu.querySelector("a, input, button");
        if (first) { first.focus(); }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("is-open")) {
        set(false);
        button.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (header.classList.contains("is-open") && !header.contains(event.target)) { set(false); }
    });
  }

  function accountMenu() {
    var menu = document.querySelector("details.account-menu");
    if (!menu) { return; }
    var narrow = window.matchMedia("(max-width: 900px)");
    function fit() { menu.open = narrow.matches; }
    fit();
    if (narrow.addEventListener) { narrow.addEventListener("change", fit); }
    document.addEventListener("click", function (event) {
      if (menu.open && !narrow.matches && !menu.contains(event.target)) { menu.open = false; }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && !narrow.matches) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }

  function autosubmit() {
    each("[data-autosubmit]", function (control) {
      control.addEventListener("change", function () {
        if (control.form) {
          if (control.form.requestSubmit) { control.form.requestSubmit(); } else { control.form.submit(); }
        }
      });
    });
  }

  function historyBack() {
    each("[data-history-back]", function (button) {
      if (window.history.length < 2) { return; }
      button.hidden = false;
      button.addEventListener("click", function () { window.history.back(); });
    });
  }

  function printButtons() {
    each("[data-print]", function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function tableOfContents() {
    var toc = document.querySelector("details.toc");
    if (!toc) { return; }
    var wide = window.matchMedia("(min-width: 1001px)");
    function fit() { toc.open = wide.matches; }
    fit();
    if (wide.addEventListener) { wide.addEventListener("change", fit); }
    // On a phone, following a link folds the contents away again.
    toc.addEventListener("click", function (event) {
      if (event.target.closest("a") && !wide.matches) { toc.open = false; }
    });
    if (!("IntersectionObserver" in window)) { return; }
    var links = {};
    each("a[href^='#']", function (a) { links[a.getAttribute("href").slice(1)] = a; }, toc);
    var current = null;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        var link = links[entry.target.id];
        if (!link) { return; }
        if (current) { current.classList.remove("is-active"); current.removeAttribute("aria-current"); }
        current = link;
        link.classList.add("is-active");
        link.setAttribute("aria-current", "location");
      });
    }, {rootMargin: "0px 0px -70% 0px"});
    Object.keys(links).forEach(function (id) {
      var target = document.getElementById(id);
      if (target) { observer.observe(target); }
    });
  }

  function ready() {
    navMenu();
    accountMenu();
    autosubmit();
    historyBack();
    printButtons();
    tableOfContents();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
