/* Evidence files: a file dropped onto an item's evidence section is posted with the same
   form as the file field and upload button (which work without this script). */
(function () {
  "use strict";
  document.querySelectorAll("[data-evidence-drop]").forEach(function (section) {
    var form = document.getElementById(section.getAttribute("data-evidence-drop"));
    var status = section.querySelector('[data-role="evidence-status"]');
    if (!form) { return; }
    function show(text) { if (status) { status.textContent = text; } }
    section.addEventListener("dragover", function (event) {
      event.preventDefault();
      section.classList.add("drop-target");
    });
    section.addEventListener("dragleave", function () { section.classList.remove("drop-target"); });
    section.addEventListener("drop", function (event) {
      event.preventDefault();
      section.classList.remove("drop-target");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) { return; }
      var body = new FormData(form);  // the CSRF token, the dates the section's fields hold
      body.set("file", files[0], files[0].name);
      show(section.getAttribute("data-drop-busy"));
      fetch(form.action, {method: "POST", body: body, credentials: "same-origin",
                          headers: {"X-Requested-With": "fetch"}})
        .then(function (response) {
          return response.json().then(function (data) { return [response.ok, data]; },
                                      function () { return [false, null]; });
        })
        .then(function (result) {
          if (result[0]) { window.location.reload(); return; }
          show(result[1] ? result[1].message : section.getAttribute("data-drop-failed"));
        }, function () { show(section.getAttribute("data-drop-failed")); });
    });
  });
})();
