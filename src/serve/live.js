// faqsite serve: live reload and the page's problems, added by the dev server only (never to
// a built site). All of it obeys the page's Content-Security-Policy: this script and the
// panel's stylesheet (the theme's static/faqsite-serve.css) come from the site's origin, and
// the panel is styled by classes only. Events arrive on one EventSource at a relative URL (it
// works behind a proxy), each with a JSON payload (src/serve/events.rs):
//   reload {paths}  the pages that changed: this tab reloads if it shows one of them
//   styles          a stylesheet changed: swapped without a reload
//   diagnostics     problems changed: the panel is refreshed
(function () {
  "use strict";
  var me = document.currentScript;
  var root = me.getAttribute("data-root") || "";
  var source = me.getAttribute("data-source") || "";
  var path = me.getAttribute("data-path") || "";
  var key = "faqsite-scroll:" + path;

  // The panel speaks the site's language.
  var TEXTS = {
    fr: {
      title: function (n, file) { return n + (n > 1 ? " problèmes" : " problème") + " dans " + file; },
      error: "Erreur", warning: "Avertissement", hint: "Conseil\u00a0: ", close: "Fermer"
    },
    en: {
      title: function (n, file) { return n + (n > 1 ? " problems" : " problem") + " in " + file; },
      error: "Error", warning: "Warning", hint: "Hint: ", close: "Close"
    }
  };
  var texts = TEXTS[(document.documentElement.lang || "fr").slice(0, 2).toLowerCase()] || TEXTS.fr;

  // A reloaded page comes back to where the reader was: the nearest heading above, else
  // the same offset.
  try {
    var saved = JSON.parse(sessionStorage.getItem(key) || "null");
    sessionStorage.removeItem(key);
    if (saved) {
      var target = saved.id && document.getElementById(saved.id);
      if (target) target.scrollIntoView(); else window.scrollTo(0, saved.y || 0);
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

  // The panel's stylesheet, loaded before the panel first shows.
  var sheet = document.createElement("link");
  sheet.rel = "stylesheet";
  sheet.href = root + "__faqsite/overlay.css";
  var sheetLoaded = new Promise(function (done) { sheet.onload = done; sheet.onerror = done; });
  document.head.appendChild(sheet);

  var panel = null;
  var dismissed = "";
  function el(tag, cls, content) {
    var node = document.createElement(tag);
    node.className = cls;
    if (content !== undefined) node.textContent = content;
    return node;
  }
  function close() {
    if (!panel) return;
    dismissed = panel.getAttribute("data-signature");
    panel.remove();
    panel = null;
  }
  // Escape closes the panel, unless it is meant for a field (the search closes its list).
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !panel) return;
    var field = e.target && e.target.closest && e.target.closest("input, textarea, select, [contenteditable]");
    if (!field || panel.contains(field)) close();
  });
  function showProblems(items) {
    var signature = JSON.stringify(items);
    if (!items.length || signature === dismissed) {
      if (panel) { panel.remove(); panel = null; }
      return;
    }
    if (panel && panel.getAttribute("data-signature") === signature) return;
    var fresh = !panel;
    if (fresh) {
      panel = el("section", "");
      panel.id = "faqsite-problems";
      panel.tabIndex = -1;
      panel.setAttribute("aria-labelledby", "faqsite-problems-title");
    }
    var errors = items.some(function (d) { return d.severity === "error"; });
    panel.className = "faqsite-problems" + (errors ? "" : " faqsite-problems--warning");
    panel.setAttribute("data-signature", signature);
    panel.textContent = "";
    var head = el("div", "faqsite-problems__head");
    var title = el("h2", "faqsite-problems__title", texts.title(items.length, items[0].file));
    title.id = "faqsite-problems-title";
    var button = el("button", "faqsite-problems__close", texts.close);
    button.type = "button";
    button.addEventListener("click", close);
    head.appendChild(title);
    head.appendChild(button);
    panel.appendChild(head);
    var list = el("ul", "faqsite-problems__list");
    items.forEach(function (d) {
      var severity = d.severity === "error" ? "error" : "warning";
      var item = el("li", "faqsite-problems__item faqsite-problems__item--" + severity);
      item.appendChild(el("strong", "faqsite-problems__severity", texts[severity]));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("code", "faqsite-problems__where", d.file + ":" + d.line + ":" + d.column));
      item.appendChild(document.createTextNode(" [" + d.code + "]"));
      item.appendChild(el("p", "faqsite-problems__message", d.message));
      if (d.hint) item.appendChild(el("p", "faqsite-problems__hint", texts.hint + d.hint));
      list.appendChild(item);
    });
    panel.appendChild(list);
    if (fresh) {
      document.body.appendChild(panel);
      // The keyboard reaches the panel at once, unless the reader is typing somewhere.
      if (!document.activeElement || document.activeElement === document.body) {
        panel.focus({ preventScroll: true });
      }
    }
  }
  function refreshProblems() {
    Promise.all([
      fetch(root + "__faqsite/diagnostics.json", { cache: "no-store" }).then(function (r) { return r.json(); }),
      sheetLoaded
    ]).then(function (got) { showProblems(got[0][source] || []); })
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
