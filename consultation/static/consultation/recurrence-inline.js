// django-recurrence starts its widget once, on page load. Meetings added later with the
// inline panel's "Add" button would get a bare textarea, so start the widget for them on
// Wagtail's `w-formset:added` event (dispatched on the new form, bubbling).
(function () {
    "use strict";
    document.addEventListener("w-formset:added", function (event) {
        if (typeof window.initRecurrenceWidget !== "function" || !window.django) {
            return;
        }
        event.target.querySelectorAll("textarea.recurrence-widget").forEach(function (field) {
            if (field.dataset.recurrenceStarted) {
                return;
            }
            field.dataset.recurrenceStarted = "true";
            window.initRecurrenceWidget(window.django.jQuery(field));
        });
    });
})();
