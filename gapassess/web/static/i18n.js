/* Translation for the page scripts: gapassess.t("English text", {name: value}).
 *
 * Pages load their scripts through page_scripts() in templates/web/_scripts.html, which
 * renders the translated messages of every script as JSON in
 * <script type="application/json" id="i18n-catalogue"> (a data block: the
 * Content-Security-Policy runs no inline script), then this file, then the scripts.
 * A message missing there is shown as written. Placeholders are written %(name)s, as in
 * the Python and template catalogues.
 */
(function () {
  "use strict";

  var catalogue = null;

  function load() {
    if (catalogue === null) {
      var block = document.getElementById("i18n-catalogue");
      try {
        catalogue = block ? JSON.parse(block.textContent) : {};
      } catch (error) {
        catalogue = {};
      }
    }
    return catalogue;
  }

  function translate(message, params) {
    var found = load();
    var text = Object.prototype.hasOwnProperty.call(found, message) ? found[message] : message;
    if (!params) { return text; }
    return text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  window.gapassess = window.gapassess || {};
  window.gapassess.t = translate;
}());
