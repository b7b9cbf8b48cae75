// A draft act's "Zgłoś uwagę" links become buttons that open the one remarks form under their
// unit, with the unit chosen; without JavaScript the links open the form's own page.
(function () {
    "use strict";
    var form = document.getElementById("uwagi-do-projektu");
    if (!form) {
        return;
    }
    var home = form.parentNode;
    var homeNext = form.nextSibling;
    var title = form.querySelector("[data-act-form-title]");
    var generalTitle = title.textContent;
    var select = form.querySelector("select[name='unit']");
    var opener = null;

    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button--secondary act-remark-form__cancel";
    cancel.textContent = form.getAttribute("data-cancel-label") || "Anuluj";
    cancel.hidden = true;
    var submit = form.querySelector("button[type='submit']");
    submit.parentNode.appendChild(cancel);

    function open(button, moveFocus) {
        if (opener && opener !== button) {
            opener.setAttribute("aria-expanded", "false");
        }
        opener = button;
        var slot = document.querySelector("[data-act-slot='" + button.getAttribute("data-act-remark") + "']");
        slot.appendChild(form);
        if (select) {
            select.value = button.getAttribute("data-act-remark");
        }
        title.textContent = button.getAttribute("data-act-title");
        button.setAttribute("aria-expanded", "true");
        cancel.hidden = false;
        if (moveFocus) {
            title.focus();
        }
    }

    function close() {
        home.insertBefore(form, homeNext);
        title.textContent = generalTitle;
        cancel.hidden = true;
        if (select) {
            select.value = "";
        }
        if (opener) {
            opener.setAttribute("aria-expanded", "false");
            opener.focus();
            opener = null;
        }
    }

    document.querySelectorAll("a[data-act-remark]").forEach(function (link) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = link.className;
        button.textContent = link.textContent;
        button.setAttribute("data-act-remark", link.getAttribute("data-act-remark"));
        button.setAttribute("data-act-title", link.getAttribute("data-act-title"));
        button.setAttribute("aria-expanded", "false");
        button.setAttribute("aria-controls", form.id);
        button.addEventListener("click", function () {
            if (opener === button) {
                close();
            } else {
                open(button, true);
            }
        });
        link.parentNode.replaceChild(button, link);
    });
    cancel.addEventListener("click", close);

    // A post with errors comes back: put the form under the unit it was about (forms.js then
    // moves focus to the error summary).
    if (form.querySelector("[data-error-summary]") && select && select.value) {
        var button = document.querySelector("button[data-act-remark='" + select.value + "']");
        if (button) {
            open(button, false);
        }
    }
    // A remark arrived: focus the unit that says so.
    var sent = document.querySelector("[data-act-sent]");
    if (sent) {
        sent.focus();
    }
})();
