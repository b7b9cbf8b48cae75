// Calendar page: a "copy address" button next to the read-only feed URL.
(function () {
    "use strict";
    document.querySelectorAll("[data-copy]").forEach(function (button) {
        var input = document.getElementById(button.getAttribute("data-copy"));
        var status = button.closest(".subscribe__copy").querySelector(".subscribe__status");
        if (!input || !navigator.clipboard) {
            return;
        }
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(input.value).then(function () {
                status.textContent = button.getAttribute("data-copied");
            }, function () {
                input.select();
            });
        });
    });
    // Selecting the whole address on focus makes copying by hand one step.
    document.querySelectorAll(".subscribe__input").forEach(function (input) {
        input.addEventListener("focus", function () { input.select(); });
    });
})();
