"use strict";
// Names for the widgets the Django admin draws in the browser (loaded by admin/base_site.html).
// - select2 (autocomplete_fields) shows a span role="combobox" named only by the chosen value,
//   and an inner role="textbox" with no name when nothing is chosen: the combobox is named by
//   the field's label (or the select's aria-label, in an inline row) followed by the value.
// - SelectFilter2 (filter_horizontal) puts aria-label on a bare span: it becomes an image.
(function () {
    function nameOf(select) {
        const label = select.id && document.querySelector('label[for="' + select.id + '"]');
        const text = label ? label.textContent : select.getAttribute("aria-label") || "";
        return text.trim().replace(/:$/, "");
    }

    function nameSelect2(select) {
        const container = select.nextElementSibling;
        const box = container && container.querySelector(".select2-selection[role=combobox]");
        const value = box && box.querySelector(".select2-selection__rendered");
        if (!box || !value || !value.id) {
            return;
        }
        box.id = box.id || value.id + "-box";
        box.setAttribute("aria-label", nameOf(select));
        box.setAttribute("aria-labelledby", box.id + " " + value.id);
        value.removeAttribute("role");
        value.removeAttribute("aria-readonly");
    }

    function fix() {
        document.querySelectorAll("select.admin-autocomplete").forEach(nameSelect2);
        document.querySelectorAll("span.search-label-icon[aria-label]").forEach(function (icon) {
            icon.setAttribute("role", "img");
        });
    }

    // select2 starts on jQuery's ready, SelectFilter2 on window load (its listener is added in
    // the head, before this one at the end of the body); new inline rows come later.
    window.addEventListener("load", function () {
        fix();
        if (window.django && window.django.jQuery) {
            window.django.jQuery(fix);
        }
    });
    document.addEventListener("formset:added", function () {
        setTimeout(fix);
    });
})();
