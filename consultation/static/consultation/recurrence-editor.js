// The meeting's "Powtarzanie" editor (consultation/recurrence_editor.py). Without this script
// every control still works and the server checks the rule on save; with it, fields that do not
// apply to the chosen frequency are hidden, dates can be added and removed, and a preview lists
// the next dates as the server computes them (the same code as the calendar) with any warning.
(function () {
    "use strict";

    var PREVIEW_DELAY = 300;

    function editorFor(element) {
        return element.closest ? element.closest("[data-recurrence-editor]") : null;
    }

    function fieldPrefix(editor) {
        // "meetings-0-recurrence" -> "meetings-0-"
        return editor.dataset.name.replace(/recurrence$/, "");
    }

    function formValue(form, name) {
        var field = form ? form.elements.namedItem(name) : null;
        return field && "value" in field ? field.value : "";
    }

    function showRuleFields(editor) {
        var freq = editor.querySelector("[data-recurrence-freq]").value;
        editor.querySelector("[data-recurrence-rule]").hidden = !freq;
        editor.querySelector("[data-recurrence-weekdays]").hidden = freq !== "weekly";
    }

    function dateRow(list, value) {
        var rows = list.querySelector("[data-date-rows]");
        var add = list.querySelector("[data-add-date]");
        var number = rows.children.length + 1;
        var row = document.createElement("li");
        row.className = "recurrence-editor__date-row";
        row.setAttribute("data-date-row", "");
        var input = document.createElement("input");
        input.type = "date";
        input.name = list.dataset.name;
        input.id = list.dataset.id + "-new-" + Date.now();
        input.className = "recurrence-editor__date";
        input.value = value || "";
        input.setAttribute("aria-label", add.dataset.label + " " + number);
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button button-secondary";
        remove.setAttribute("data-remove-date", "");
        remove.setAttribute("aria-label", add.dataset.removeLabel + " " + number);
        remove.textContent = rows.querySelector("[data-remove-date]")
            ? rows.querySelector("[data-remove-date]").textContent
            : add.dataset.removeLabel;
        row.appendChild(input);
        row.appendChild(remove);
        rows.appendChild(row);
        return input;
    }

    function start(editor) {
        if (editor.dataset.started || editor.dataset.name.indexOf("__prefix__") !== -1) {
            return;
        }
        editor.dataset.started = "true";
        editor.querySelectorAll("[data-add-date], [data-remove-date], [data-recurrence-preview]").forEach(function (node) {
            node.hidden = false;
        });
        showRuleFields(editor);
        refresh(editor);
    }

    function schedule(editor) {
        window.clearTimeout(editor._recurrenceTimer);
        editor._recurrenceTimer = window.setTimeout(function () {
            refresh(editor);
        }, PREVIEW_DELAY);
    }

    function query(editor) {
        var params = new URLSearchParams();
        var prefix = editor.dataset.name + "-";
        editor.querySelectorAll("input, select").forEach(function (field) {
            if (!field.name || field.name.indexOf(prefix) !== 0) {
                return;
            }
            if ((field.type === "checkbox" || field.type === "radio") && !field.checked) {
                return;
            }
            params.append("r-" + field.name.slice(prefix.length), field.value);
        });
        var form = editor.closest("form");
        params.append("start", formValue(form, fieldPrefix(editor) + "start"));
        params.append("end", formValue(form, fieldPrefix(editor) + "end"));
        params.append("period_start", formValue(form, "start_date"));
        params.append("period_end", formValue(form, "end_date"));
        return params.toString();
    }

    function refresh(editor) {
        var preview = editor.querySelector("[data-recurrence-preview]");
        var params = query(editor);
        if (params === editor._recurrenceQuery) {
            return;
        }
        editor._recurrenceQuery = params;
        var asked = (editor._recurrenceAsked || 0) + 1;
        editor._recurrenceAsked = asked;
        preview.setAttribute("aria-busy", "true");
        fetch(editor.dataset.previewUrl + "?" + params, {
            credentials: "same-origin",
            headers: { Accept: "application/json" },
        })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error(response.status);
                }
                return response.json();
            })
            .then(function (data) {
                if (asked === editor._recurrenceAsked) {
                    show(editor, data);
                }
            })
            .catch(function () {
                // Saving still checks everything; a failed preview only leaves the old one.
                editor._recurrenceQuery = null;
            })
            .then(function () {
                preview.removeAttribute("aria-busy");
            });
    }

    function fill(list, items, build) {
        while (list.firstChild) {
            list.removeChild(list.firstChild);
        }
        items.forEach(function (item) {
            list.appendChild(build(item));
        });
        list.hidden = items.length === 0;
    }

    function show(editor, data) {
        editor.querySelector("[data-preview-summary]").textContent = data.summary || "";
        var warning = editor.querySelector("[data-preview-warning]");
        warning.textContent = data.warning || "";
        warning.hidden = !data.warning;
        fill(editor.querySelector("[data-preview-errors]"), data.errors || [], function (text) {
            var item = document.createElement("li");
            item.textContent = text;
            return item;
        });
        fill(editor.querySelector("[data-preview-dates]"), data.dates || [], function (date) {
            var item = document.createElement("li");
            item.textContent = date.text;
            if (date.cancelled) {
                item.className = "recurrence-editor__cancelled";
            } else if (date.outside) {
                item.className = "recurrence-editor__outside";
            }
            return item;
        });
    }

    function editorsOfMeetingField(field) {
        var match = /^(.*-)(start|end)$/.exec(field.name || "");
        if (match) {
            var editor = document.querySelector('[data-recurrence-editor][data-name="' + match[1] + 'recurrence"]');
            return editor ? [editor] : [];
        }
        if (field.name === "start_date" || field.name === "end_date") {
            return Array.prototype.slice.call(document.querySelectorAll("[data-recurrence-editor][data-started]"));
        }
        return [];
    }

    function changed(event) {
        var target = event.target;
        var editor = editorFor(target);
        if (!editor) {
            editorsOfMeetingField(target).forEach(schedule);
            return;
        }
        if (target.matches("[data-recurrence-freq]")) {
            showRuleFields(editor);
        }
        // Typing a last day or a number of dates chooses that end.
        if (target.dataset.endFor && target.value) {
            var radio = editor.querySelector('input[type=radio][value="' + target.dataset.endFor + '"]');
            if (radio && !radio.checked) {
                radio.checked = true;
            }
        }
        schedule(editor);
    }

    document.addEventListener("input", changed);
    document.addEventListener("change", changed);
    // Wagtail's date-time picker sets its field without an input event; leaving the field does.
    document.addEventListener("focusout", function (event) {
        editorsOfMeetingField(event.target).forEach(schedule);
    });
    document.addEventListener("focusin", function (event) {
        var editor = editorFor(event.target);
        if (editor && editor.dataset.started) {
            schedule(editor);
        }
    });

    document.addEventListener("click", function (event) {
        var add = event.target.closest("[data-add-date]");
        var remove = event.target.closest("[data-remove-date]");
        if (add) {
            dateRow(add.closest("[data-date-list]")).focus();
        } else if (remove) {
            var list = remove.closest("[data-date-list]");
            var editor = editorFor(remove);
            remove.closest("[data-date-row]").remove();
            list.querySelector("[data-add-date]").focus();
            schedule(editor);
        }
    });

    document.addEventListener("w-formset:added", function (event) {
        event.target.querySelectorAll("[data-recurrence-editor]").forEach(start);
    });

    function startAll() {
        document.querySelectorAll("[data-recurrence-editor]").forEach(start);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", startAll);
    } else {
        startAll();
    }
})();
