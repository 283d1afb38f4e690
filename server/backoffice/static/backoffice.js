// The document viewer (zoom, rotate) and keyboard shortcuts; the pages work without it.
(function () {
  "use strict";
  var viewer = document.getElementById("viewer");
  var scale = 1, angle = 0, image = null;
  // Zoom changes the image's layout size (not a CSS scale), so the viewer scrolls to every
  // edge of an enlarged document; at scale 1 the document fits the viewer.
  function apply() {
    if (!image || !image.naturalWidth) { return; }
    var turned = angle % 180 !== 0;
    var w = turned ? image.naturalHeight : image.naturalWidth;
    var h = turned ? image.naturalWidth : image.naturalHeight;
    var fit = Math.min(1, (viewer.clientWidth - 2) / w, (viewer.clientHeight - 2) / h);
    var width = image.naturalWidth * fit * scale, height = image.naturalHeight * fit * scale;
    image.style.width = width + "px";
    image.style.height = height + "px";
    // A quarter turn swaps the box's sides: the margin keeps the turned image inside it.
    var shift = turned ? (Math.max(width, height) - Math.min(width, height)) / 2 : 0;
    image.style.margin = turned ? (width > height ? shift + "px auto" : "auto " + shift + "px") : "";
    image.style.transform = "rotate(" + angle + "deg)";
  }
  function show(button) {
    document.querySelectorAll(".doc").forEach(function (b) { b.classList.remove("active"); });
    button.classList.add("active");
    scale = 1; angle = 0;
    image = document.createElement("img");
    image.alt = button.dataset.code;
    image.id = "document-image";
    image.addEventListener("load", apply);
    image.src = button.dataset.src;
    viewer.replaceChildren(image);
    apply();
  }
  document.querySelectorAll(".doc").forEach(function (b) { b.addEventListener("click", function () { show(b); }); });
  // Zooming keeps the point in the middle of the viewer where it was.
  function zoom(factor) {
    if (!image) { return; }
    var cx = (viewer.scrollLeft + viewer.clientWidth / 2) / viewer.scrollWidth;
    var cy = (viewer.scrollTop + viewer.clientHeight / 2) / viewer.scrollHeight;
    scale = Math.min(8, Math.max(0.2, scale * factor));
    apply();
    viewer.scrollLeft = cx * viewer.scrollWidth - viewer.clientWidth / 2;
    viewer.scrollTop = cy * viewer.scrollHeight - viewer.clientHeight / 2;
  }
  document.querySelectorAll("[data-zoom]").forEach(function (b) {
    b.addEventListener("click", function () { zoom(parseFloat(b.dataset.zoom)); });
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
  // Setujui (A) opens the confirmation in place, its "I have checked" box focused: Space
  // ticks it, Enter confirms (the browser refuses while the box is unticked), Esc cancels.
  // Without script the link loads the page with the confirmation open.
  var confirmBox = document.getElementById("approve-confirm");
  var approveLink = document.getElementById("approve");
  var approveForm = confirmBox ? confirmBox.querySelector("form") : null;
  // Closing hands the focus to the approve button at once: left to the browser, the focus can
  // stay on the hidden box until its next rendering, and a shortcut pressed then is lost.
  function closeConfirm() {
    confirmBox.close();
    if (approveLink) { approveLink.focus(); }
  }
  if (confirmBox && approveLink && confirmBox.showModal) {
    if (confirmBox.open) { confirmBox.close(); confirmBox.showModal(); }
    approveLink.addEventListener("click", function (event) {
      event.preventDefault();
      confirmBox.showModal();
      document.getElementById("approve-checked").focus();
    });
    document.getElementById("approve-no").addEventListener("click", function (event) {
      event.preventDefault();
      closeConfirm();
    });
  }
  function click(id) { var el = document.getElementById(id); if (el) { el.click(); } }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    // While the approval is being confirmed only Space (tick, native), Enter and Esc count.
    // Enter on a button or link is the browser's own click; elsewhere (the box) it submits
    // the form, which the browser's check of the required box stops while it is unticked.
    if (confirmBox && confirmBox.open) {
      if (event.key === "Escape") { closeConfirm(); event.preventDefault(); }
      else if (event.key === "Enter" && tag !== "button" && tag !== "a" && approveForm) {
        event.preventDefault();
        approveForm.requestSubmit();
      }
      return;
    }
    // Esc leaves a field or a reason's checkbox, so the one-key shortcuts work again.
    if (event.key === "Escape" && event.target !== document.body && event.target.blur) {
      event.target.blur();
      event.preventDefault();
      return;
    }
    if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key;
    if (key === "j") { select(current + 1); }
    else if (key === "k") { select(current - 1); }
    else if (key === "a") { click("approve"); }
    else if (key === "r") { var first = document.querySelector("#reject-form input[name=reason]"); if (first) { first.focus(); } }
    else if (key === "n") { click("next"); }
    else if (key === "+" && image) { zoom(1.25); }
    else if (key === "-" && image) { zoom(0.8); }
    else if (key === "o" && image) { angle = (angle + 90) % 360; apply(); }
    else { return; }
    event.preventDefault();
  });
})();
