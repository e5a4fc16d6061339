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

  /* Ranking, BM25-like. A page matches a query when each query word matches one of its
   * words: exactly, as a prefix (the word being typed) or, for words of 5 letters or more,
   * with one edit (insertion, deletion, substitution or transposition of two neighbours).
   * Each word scores idf × place × kind, kept at its best over the index words it matches:
   *   idf   = ln(1 + (N − df + 0.5) / (df + 0.5)), N the pages, df those with the word;
   *   place = tf·(K1 + 1) / (tf + K1) for tf occurrences in the body (saturated, so a long
   *           page that repeats a word gains little), + HEADING if it is in a heading,
   *           + TITLE if it is in the title (title > heading > body);
   *   kind  = 1 exact, PREFIX for a prefix, TYPO for one edit.
   * Pages add their words' scores; an identifier of the query (`client_secret`,
   * `data.gouv.fr`, indexed whole too) adds IDENT × its own score where the page holds it
   * whole. Pages matched without a typo come before pages that needed one; then by score.
   * No length normalisation: a page's length is not in the term shards. */
  var K1 = 1.2, HEADING = 2.5, TITLE = 5, PREFIX = 0.5, TYPO = 0.4, IDENT = 2;

  function idf(df) { return Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5)); }

  function placeScore(w) {
    var tf = w & 31;
    return tf * (K1 + 1) / (tf + K1) + (w & 32 ? HEADING : 0) + (w & 64 ? TITLE : 0);
  }

  /* Whether a and b are one insertion, deletion, substitution or transposition apart. */
  function oneEdit(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1 || a === b) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return la < lb ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
  }

  /* How index word t matches query word qt: 1, PREFIX, TYPO or 0. */
  function kindOf(qt, t) {
    if (t === qt) return 1;
    if (t.lastIndexOf(qt, 0) === 0) return PREFIX;
    return qt.length >= 5 && oneEdit(qt, t) ? TYPO : 0;
  }

  /* The identifiers of a query: words joined by `_` or `.`, folded, not stemmed. */
  function identifiers(q) {
    return fold(q).split(/[^\p{L}\p{N}_.]+/u).map(function (w) {
      return w.replace(/^[_.]+|[_.]+$/g, "");
    }).filter(function (w) { return /[_.]/.test(w) && !/[_.]{2}/.test(w) && w.length > 2; });
  }

  /* The pages matching every query word, best first: [{id, score, typos}]; `words` gets the
   * index words matched with a typo, to highlight them too. */
  function rank(qterms, idents, words) {
    var total = null, typos = {};
    qterms.forEach(function (qt) {
      var shard = terms[keyOf(qt)] || {};
      var scores = {}, exact = {};
      Object.keys(shard).forEach(function (t) {
        var kind = kindOf(qt, t);
        if (!kind) return;
        if (kind === TYPO) words[t] = true;
        var p = shard[t], doc = 0, weight = idf(p.length / 2) * kind;
        for (var i = 0; i < p.length; i += 2) {
          doc += p[i];
          var s = weight * placeScore(p[i + 1]);
          if (s > (scores[doc] || 0)) scores[doc] = s;
          if (kind !== TYPO) exact[doc] = true;
        }
      });
      var next = {};
      Object.keys(total || scores).forEach(function (d) {
        if (!scores[d]) return;
        next[d] = (total ? total[d] : 0) + scores[d];
        typos[d] = (typos[d] || 0) + (exact[d] ? 0 : 1);
      });
      total = next;
    });
    idents.forEach(function (id) {
      var p = (terms[keyOf(id)] || {})[id];
      if (!p || !total) return;
      var doc = 0, weight = IDENT * idf(p.length / 2);
      for (var i = 0; i < p.length; i += 2) {
        doc += p[i];
        if (total[doc]) total[doc] += weight * placeScore(p[i + 1]);
      }
    });
    return Object.keys(total || {}).map(function (d) {
      return { id: Number(d), score: total[d], typos: typos[d] || 0 };
    }).sort(function (a, b) { return a.typos - b.typos || b.score - a.score || a.id - b.id; });
  }

  /* How many query words match a word of text (exactly, as a prefix or with one edit). */
  function hits(text, qterms) {
    var words = queryTerms(text);
    return qterms.filter(function (qt) {
      return words.some(function (w) { return kindOf(qt, w) > 0; });
    }).length;
  }

  /* The section of page d a result should open: when the title does not hold every query
   * word, the section whose heading (twice) and text hold the most, if any does. */
  function sectionOf(d, qterms, idents) {
    if (hits(d[1], qterms) === qterms.length) return null;
    var best = null, bestScore = 0;
    (d[4] || []).forEach(function (s) {
      var heading = fold(s[1]);
      var score = 2 * hits(s[1], qterms) + hits(s[2], qterms) +
        idents.filter(function (id) { return heading.indexOf(id) >= 0; }).length * 4;
      if (score > bestScore) { best = s; bestScore = score; }
    });
    return best;
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

    function show(ids, qterms, idents, marked) {
      list.textContent = "";
      ids.forEach(function (id) {
        var d = docs[Math.floor(id / meta.docsPerShard)][id % meta.docsPerShard];
        var part = sectionOf(d, qterms, idents);
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + d[0] + (part ? "#" + encodeURIComponent(part[0]) : "");
        a.className = "search__result";
        var title = document.createElement("span");
        title.className = "search__title";
        highlight(title, d[1], marked);
        if (part) {
          var heading = document.createElement("span");
          heading.className = "search__heading";
          heading.appendChild(document.createTextNode(" › "));
          highlight(heading, part[1], marked);
          title.appendChild(heading);
        }
        var section = document.createElement("span");
        section.className = "search__section";
        section.textContent = meta.sections[d[2]];
        var text = document.createElement("span");
        text.className = "search__excerpt";
        var body = part && hits(part[2], qterms) ? part[2] : d[3];
        highlight(text, excerpt(body, marked), marked);
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
        var idents = identifiers(input.value);
        var keys = {};
        qterms.concat(idents).map(keyOf).forEach(function (k) { if (shardKeys[k]) keys[k] = true; });
        var files = Object.keys(keys).map(function (k) { return "t-" + k + ".js"; });
        loadAll(files, function () {
          if (mine !== seq) return;
          var words = {};
          var ranked = rank(qterms, idents, words);
          // Highlighted: the query's words and the index words they matched (a typo's fix).
          var marked = qterms.concat(Object.keys(words));
          var ids = ranked.slice(0, MAX_RESULTS).map(function (r) { return r.id; });
          var shards = {};
          ids.forEach(function (id) { shards["d-" + Math.floor(id / meta.docsPerShard) + ".js"] = true; });
          loadAll(Object.keys(shards), function () {
            if (mine !== seq) return;
            show(ids, qterms, idents, marked);
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
