/* Login page: keeps the page to return to and shows a refused key. */
"use strict";
(function () {
  var p = new URLSearchParams(window.location.search);
  var next = p.get("next");
  if (next && next.charAt(0) === "/" && next.charAt(1) !== "/") document.getElementById("next").value = next;
  if (p.has("error")) document.getElementById("login-error").hidden = false;
})();
