/*global jQuery:false*/
'use strict';
/* Django admin's jquery.init.js, which django-recurrence's widget loads into Wagtail's editor.
 * Django's own version replaces window.django with {jQuery: ...}, and so drops what Wagtail's
 * admin had put there: its translation catalogue and django.gettext. The editor then fell back
 * to English ("Collapse all", "Dashboard", "Move up"). This one keeps them and adds jQuery,
 * namespaced with noConflict(true) as Django's does.
 */
window.django = Object.assign(window.django || {}, {jQuery: jQuery.noConflict(true)});
