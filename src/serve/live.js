// faqsite serve: live reload and the problems of the page, injected by the dev server only.
// Events arrive on one EventSource at a relative URL (it works behind a proxy):
//   reload {paths}  the pages that changed: this tab reloads if it shows one of them
//   styles          a stylesheet changed: swapped without a reload
//   diagnostics     problems changed: the overlay is refreshed
(function () {
  "use strict";
  var me = document.currentScript;
  var root = me.getAttribute("data-root") || "";
  var source = me.getAttribute("data-source") || "";
  var path = me.getAttribute("data-path") || "";
  var key = "faqsite-scroll:" + path;

  // A reloaded page comes back to where the reader was: the nearest heading above, else
  // the same offset.
  try {
    var saved = JSON.parse(sessionStorage.getItem(key) || "null");
    sessionStorage.removeItem(key);
    if (saved) {
      var el = saved.id && document.getElementById(saved.id);
      if (el) el.scrollIntoView(); else window.scrollTo(0, saved.y || 0);
    }
  } catch (e) { /* storage refused: no scroll restore */ }

  function nearestHeading() {
    var best = null;
    var hs = document.querySelectorAll("h1[id],h2[id],h3[id],h4[id],h5[id],h6[id]");
    for (var i = 0; i < hs.length; i++) {
      if (hs[i].getBoundingClientRect().top <= 1) best = hs[i].id; else break;
    }
    return best;
  }

  function reload() {
    try { sessionStorage.setItem(key, JSON.stringify({ id: nearestHeading(), y: window.scrollY })); } catch (e) {}
    location.reload();
  }

  var overlay = null;
  var dismissed = "";
  function text(tag, cls, content) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = content;
    return el;
  }
  function showProblems(items) {
    var signature = JSON.stringify(items);
    if (!items.length || signature === dismissed) {
      if (overlay) { overlay.remove(); overlay = null; }
      return;
    }
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.id = "faqsite-problems";
      overlay.setAttribute("role", "region");
      overlay.setAttribute("aria-labelledby", "faqsite-problems-title");
      overlay.setAttribute("style", "position:fixed;bottom:0;left:0;right:0;max-height:40vh;overflow:auto;" +
        "background:#fff;color:#161616;border-top:4px solid #ce0500;padding:.75rem 1rem;z-index:1000;" +
        "font:14px/1.5 system-ui,sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,.2)");
      document.body.appendChild(overlay);
      overlay.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
    }
    overlay.textContent = "";
    var title = text("h2", "", items.length + (items.length > 1 ? " problèmes" : " problème") + " dans " + source);
    title.id = "faqsite-problems-title";
    title.setAttribute("style", "font-size:1rem;margin:0 0 .5rem");
    overlay.appendChild(title);
    var close = function () { dismissed = signature; overlay.remove(); overlay = null; };
    var button = text("button", "", "Masquer");
    button.type = "button";
    button.setAttribute("style", "position:absolute;top:.5rem;right:1rem");
    button.addEventListener("click", close);
    overlay.appendChild(button);
    var list = document.createElement("ul");
    list.setAttribute("style", "margin:0;padding-left:1.2rem");
    items.forEach(function (d) {
      var li = document.createElement("li");
      li.appendChild(text("strong", "", d.severity === "error" ? "Erreur " : "Avertissement "));
      li.appendChild(text("code", "", source + ":" + d.line + ":" + d.column + " [" + d.code + "]"));
      li.appendChild(document.createTextNode(" " + d.message));
      if (d.hint) li.appendChild(text("div", "", "Conseil : " + d.hint));
      list.appendChild(li);
    });
    overlay.appendChild(list);
  }
  function refreshProblems() {
    fetch(root + "__faqsite/diagnostics.json", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (all) { showProblems(all[source] || []); })
      .catch(function () {});
  }

  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href").replace(/[?].*$/, "");
      links[i].setAttribute("href", href + "?v=" + Date.now());
    }
  }

  var events = new EventSource(root + "__faqsite/events");
  events.addEventListener("reload", function (e) {
    var paths = JSON.parse(e.data).paths || [];
    if (paths.indexOf(path) >= 0) reload();
  });
  events.addEventListener("styles", swapStyles);
  events.addEventListener("diagnostics", refreshProblems);
  if (source) refreshProblems();
})();
