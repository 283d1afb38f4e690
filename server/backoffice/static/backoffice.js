// The document viewer (zoom, rotate) and keyboard shortcuts; the pages work without it.
(function () {
  "use strict";
  var viewer = document.getElementById("viewer");
  var scale = 1, angle = 0, image = null;
  function apply() { if (image) { image.style.transform = "scale(" + scale + ") rotate(" + angle + "deg)"; } }
  function show(button) {
    document.querySelectorAll(".doc").forEach(function (b) { b.classList.remove("active"); });
    button.classList.add("active");
    scale = 1; angle = 0;
    image = document.createElement("img");
    image.alt = button.dataset.code;
    image.id = "document-image";
    image.src = button.dataset.src;
    viewer.replaceChildren(image);
    apply();
  }
  document.querySelectorAll(".doc").forEach(function (b) { b.addEventListener("click", function () { show(b); }); });
  document.querySelectorAll("[data-zoom]").forEach(function (b) {
    b.addEventListener("click", function () { scale = Math.min(8, Math.max(0.2, scale * parseFloat(b.dataset.zoom))); apply(); });
  });
  document.querySelectorAll("[data-rotate]").forEach(function (b) {
    b.addEventListener("click", function () { angle = (angle + parseInt(b.dataset.rotate, 10)) % 360; apply(); });
  });
  document.querySelectorAll("[data-reset]").forEach(function (b) { b.addEventListener("click", function () { scale = 1; angle = 0; apply(); }); });
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-href]"));
  var current = -1;
  function select(i) {
    if (!rows.length) { return; }
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r) { r.classList.remove("selected"); });
    rows[current].classList.add("selected");
    rows[current].querySelector("a.open").focus();
  }
  function click(id) { var el = document.getElementById(id); if (el) { el.click(); } }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key;
    if (key === "j") { select(current + 1); }
    else if (key === "k") { select(current - 1); }
    else if (key === "a") { click("approve"); }
    else if (key === "r") { var first = document.querySelector("#reject-form input[name=reason]"); if (first) { first.focus(); } }
    else if (key === "n") { click("next"); }
    else if (key === "+" && image) { scale = Math.min(8, scale * 1.25); apply(); }
    else if (key === "-" && image) { scale = Math.max(0.2, scale * 0.8); apply(); }
    else if (key === "o" && image) { angle = (angle + 90) % 360; apply(); }
    else { return; }
    event.preventDefault();
  });
})();
