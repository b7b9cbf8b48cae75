// Error summary (GOV.UK pattern): move focus to it, and let its links focus the field they name.
(function () {
    "use strict";
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
        return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) {
            return;
        }
        var input = document.getElementById(link.getAttribute("href").slice(1));
        if (!input) {
            return;
        }
        event.preventDefault();
        var legend = input.closest("fieldset") && input.closest("fieldset").querySelector("legend");
        var label = legend || document.querySelector("label[for='" + input.id + "']");
        (label || input).scrollIntoView();
        input.focus({ preventScroll: true });
    });
})();
