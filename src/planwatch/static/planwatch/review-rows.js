// Reviewing suggested rows in bulk, keyboard included (the Strategy review and the upper-plan
// links): a form marked data-review-form holds rows marked data-review-row, each with a select,
// a tick box and buttons data-pick="value". 1–3 picks a row's suggestion, 0 "none",
// Ctrl+Enter saves. data-options="<template id>" fills a row's select with every option only
// when it is first used (a page of 100 rows × 300 options would be heavy).
(function () {
  document.querySelectorAll("form[data-review-form]").forEach(function (form) {
    var options = form.dataset.options && document.getElementById(form.dataset.options);
    if (options) {
      form.addEventListener("focusin", function (event) {
        var select = event.target;
        if (select.tagName !== "SELECT" || select.dataset.full) return;
        var value = select.value;
        select.innerHTML = options.innerHTML;
        select.value = value;
        select.dataset.full = "1";
      });
    }
    function pick(row, value) {
      var select = row.querySelector("select"), box = row.querySelector("input[type=checkbox]");
      if (select) select.value = value;
      if (box) box.checked = true;
    }
    form.querySelectorAll("[data-pick]").forEach(function (button) {
      button.addEventListener("click", function () {
        pick(button.closest("[data-review-row]"), button.getAttribute("data-pick"));
      });
    });
    form.querySelectorAll("[data-tick-all], [data-untick-all]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = button.hasAttribute("data-tick-all");
        form.querySelectorAll("[data-review-row] input[type=checkbox]").forEach(function (box) {
          box.checked = on;
        });
      });
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { form.submit(); return; }
      var row = event.target.closest && event.target.closest("[data-review-row]");
      if (!row || event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.target.tagName === "SELECT" && !/^[0-3]$/.test(event.key)) return;
      if (event.key === "0") { pick(row, ""); event.preventDefault(); return; }
      var picks = row.querySelectorAll("[data-pick]"), n = parseInt(event.key, 10);
      if (n >= 1 && n <= picks.length) {
        pick(row, picks[n - 1].getAttribute("data-pick"));
        event.preventDefault();
      }
    });
  });
})();
