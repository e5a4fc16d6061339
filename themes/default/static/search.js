/* faqsite search: works over HTTP and from file:// (no fetch, no modules). The index is
 * made of small scripts under search/ that call faqsiteSearch.init/t/d; they are loaded on
 * demand, the first one when the field gets focus. Words are folded as the Rust side folds
 * them (src/render/search.rs): lower case, no accents, light French plural stemming. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "";
  var MAX_RESULTS = 10;
  var STOP = {};
  ("au aux avec ce ces dans de des du elle en est et il la le les leur ne on ou par pas pour " +
    "qu que qui sa se ses son sur un une").split(" ").forEach(function (w) { STOP[w] = true; });

  var meta = null;
  var terms = {};   // shard key -> {term: [docDelta, weight, ...]}
  var docs = {};    // shard number -> [[url, title, section, text], ...]
  var pending = {}; // file -> [callbacks]
  var shardKeys = {};

  window.faqsiteSearch = {
    init: function (m) {
      meta = m;
      for (var i = 0; i < m.keys.length; i += 2) shardKeys[m.keys.slice(i, i + 2)] = true;
    },
    t: function (key, data) { terms[key] = data; },
    d: function (n, data) { docs[n] = data; }
  };

  function load(file, done) {
    if (pending[file] === true) return done();
    if (pending[file]) return pending[file].push(done);
    pending[file] = [done];
    var s = document.createElement("script");
    s.src = root + "search/" + file;
    s.onload = s.onerror = function () {
      var waiting = pending[file];
      pending[file] = true;
      waiting.forEach(function (cb) { cb(); });
    };
    document.head.appendChild(s);
  }

  function loadAll(files, done) {
    var left = files.length;
    if (!left) return done();
    files.forEach(function (f) { load(f, function () { if (--left === 0) done(); }); });
  }

  function fold(s) {
    return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae");
  }

  function stem(w) {
    var n = w.length;
    if (n > 4 && /eaux$/.test(w)) return w.slice(0, -1);
    if (n > 4 && /aux$/.test(w)) return w.slice(0, -2);
    if (n > 4 && /al$/.test(w)) return w.slice(0, -1);
    if (n > 3 && /[sx]$/.test(w) && !/ss$/.test(w)) return w.slice(0, -1);
    return w;
  }

  function queryTerms(q) {
    return fold(q).split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length > 1 && !STOP[w];
    }).map(stem);
  }

  function keyOf(term) {
    return term.slice(0, 2).replace(/[^a-z0-9]/g, "_");
  }

  /* Scores of the pages matching every term (a term matches the words it starts). */
  function rank(qterms) {
    var total = null;
    qterms.forEach(function (qt) {
      var shard = terms[keyOf(qt)] || {};
      var scores = {};
      Object.keys(shard).forEach(function (t) {
        if (t.lastIndexOf(qt, 0) !== 0) return;
        var bonus = t === qt ? 2 : 1;
        var p = shard[t], doc = 0;
        for (var i = 0; i < p.length; i += 2) {
          doc += p[i];
          scores[doc] = Math.max(scores[doc] || 0, p[i + 1] * bonus);
        }
      });
      if (total === null) { total = scores; return; }
      var next = {};
      Object.keys(total).forEach(function (d) { if (scores[d]) next[d] = total[d] + scores[d]; });
      total = next;
    });
    return Object.keys(total || {}).map(Number)
      .sort(function (a, b) { return total[b] - total[a] || a - b; });
  }

  /* Folded text with one character per character of text, so positions carry over. */
  function foldAligned(text) {
    var folded = "";
    for (var i = 0; i < text.length; i++) folded += fold(text[i]).charAt(0) || " ";
    return folded;
  }

  /* Text with the query's words highlighted: appends text and <mark> nodes to el. */
  function highlight(el, text, qterms) {
    var folded = foldAligned(text);
    var marks = [];
    qterms.forEach(function (qt) {
      var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + qt.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "[\\p{L}\\p{N}]*)", "gu");
      var m;
      while ((m = re.exec(folded))) marks.push([m.index + m[1].length, m.index + m[0].length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    marks.forEach(function (m) {
      if (m[0] < at) return;
      el.appendChild(document.createTextNode(text.slice(at, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      el.appendChild(mark);
      at = m[1];
    });
    el.appendChild(document.createTextNode(text.slice(at)));
  }

  function excerpt(text, qterms) {
    var folded = foldAligned(text);
    var first = -1;
    qterms.forEach(function (qt) {
      var i = folded.search(new RegExp("(^|[^\\p{L}\\p{N}])" + qt, "u"));
      if (i >= 0 && (first < 0 || i < first)) first = i;
    });
    var start = Math.max(0, first - 60);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    var cut = text.slice(start, start + 220);
    return (start > 0 ? "… " : "") + cut + (start + 220 < text.length ? " …" : "");
  }

  function setup(form) {
    var input = form.querySelector(".search__input");
    var list = form.querySelector(".search__results");
    var status = form.querySelector(".search__status");
    var seq = 0;
    form.hidden = false;

    function close() { list.hidden = true; list.textContent = ""; status.textContent = ""; }

    function show(ids, qterms) {
      list.textContent = "";
      ids.forEach(function (id) {
        var d = docs[Math.floor(id / meta.docsPerShard)][id % meta.docsPerShard];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + d[0];
        a.className = "search__result";
        var title = document.createElement("span");
        title.className = "search__title";
        highlight(title, d[1], qterms);
        var section = document.createElement("span");
        section.className = "search__section";
        section.textContent = meta.sections[d[2]];
        var text = document.createElement("span");
        text.className = "search__excerpt";
        highlight(text, excerpt(d[3], qterms), qterms);
        a.appendChild(title); a.appendChild(section); a.appendChild(text);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = ids.length === 0;
    }

    function run() {
      var mine = ++seq, started = performance.now();
      var qterms = queryTerms(input.value);
      if (!qterms.length) return close();
      load("index.js", function () {
        if (!meta) return;
        var files = qterms.map(keyOf).filter(function (k) { return shardKeys[k]; })
          .map(function (k) { return "t-" + k + ".js"; });
        loadAll(files, function () {
          if (mine !== seq) return;
          var ranked = rank(qterms);
          var ids = ranked.slice(0, MAX_RESULTS);
          var shards = {};
          ids.forEach(function (id) { shards["d-" + Math.floor(id / meta.docsPerShard) + ".js"] = true; });
          loadAll(Object.keys(shards), function () {
            if (mine !== seq) return;
            show(ids, qterms);
            status.textContent = ranked.length === 0 ? "Aucun résultat" :
              ranked.length + (ranked.length > 1 ? " résultats" : " résultat") +
              (ranked.length > MAX_RESULTS ? ", les " + MAX_RESULTS + " premiers sont affichés" : "");
            window.faqsiteSearch.lastQueryMs = performance.now() - started;
          });
        });
      });
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

    input.addEventListener("focus", function () { load("index.js", function () {}); });
    input.addEventListener("input", run);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var first = links()[0];
      if (first) first.focus();
    });
    form.addEventListener("keydown", function (e) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (e.key === "Escape") {
        close();
        input.focus();
      } else if (e.key === "ArrowDown" && all.length) {
        e.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        e.preventDefault();
        (at === 0 ? input : all[at - 1]).focus();
      }
    });
    form.addEventListener("focusout", function (e) {
      if (!form.contains(e.relatedTarget) && e.relatedTarget) list.hidden = true;
    });
    input.addEventListener("focus", function () { if (list.firstChild) list.hidden = false; });
    document.addEventListener("keydown", function (e) {
      var t = e.target, tag = t && t.tagName;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      e.preventDefault();
      input.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.search");
    if (form) setup(form);
  });
})();
