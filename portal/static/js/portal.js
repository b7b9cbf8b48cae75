// Small progressive enhancements; every page works without this file.
(function () {
    "use strict";
    document.documentElement.classList.add("js");

    var toggle = document.querySelector(".main-nav__toggle");
    var list = document.getElementById("main-nav-list");
    if (toggle && list) {
        toggle.hidden = false;
        toggle.addEventListener("click", function () {
            var open = toggle.getAttribute("aria-expanded") === "true";
            toggle.setAttribute("aria-expanded", String(!open));
            list.classList.toggle("is-open", !open);
        });
    }
})();
