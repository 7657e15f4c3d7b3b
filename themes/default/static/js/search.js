/* bantin — client-side search over /search/ (built by src/search/indexer.rs).
 *
 * The tokenizer, query parser, ranking and snippet below mirror src/search/tokenize.rs and
 * src/search/query.rs line for line; change both together (tests/search.rs and
 * tests/browser/search.mjs check that they agree).
 *
 * Without JavaScript the search form still leads to /tim-kiem/, which lists the index pages.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------- text (src/vi/text.rs)

  var TONES = { '\u0300': '1', '\u0301': '2', '\u0303': '3', '\u0309': '4', '\u0323': '5' };
  var MARK = /\p{M}/u;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  // Rust's char::is_whitespace (Unicode White_Space), which JavaScript's \s does not match.
  var SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;

  function dict(o) { return new Map(Object.keys(o).map(function (k) { return [k, o[k]]; })); }

  function canonicalD(c) {
    if (c === '\u00D0' || c === '\u0189') return '\u0110';
    if (c === '\u00F0' || c === '\u0256') return '\u0111';
    return c;
  }

  /** Plain lower-case text: diacritics removed, đ → d. */
  function fold(s) {
    var out = '';
    for (var c of s.normalize('NFD')) {
      if (MARK.test(c)) continue;
      c = canonicalD(c);
      out += (c === '\u0110' || c === '\u0111') ? 'd' : c.toLowerCase();
    }
    return out;
  }

  /** The spelling key of one word: lower case, tone detached as a digit (hoà = hòa). */
  function matchKey(word) {
    var tone = '';
    var base = '';
    for (var c of word.normalize('NFD')) {
      if (TONES[c]) tone = TONES[c];
      else base += canonicalD(c).toLowerCase();
    }
    return base.normalize('NFC') + tone;
  }

  // ------------------------------------------------------ tokens (src/search/tokenize.rs)

  var SYMBOL_PATTERN =
    '([0-9]{1,4})[\\x20\\u{00A0}]{0,2}[\\-\\u{2010}-\\u{2014}\\u{2212}\\u{FF0D}][\\x20\\u{00A0}]{0,2}' +
    '(\\p{L}{2,4})[\\x20\\u{00A0}]{0,2}[/\\u{FF0F}\\u{2215}\\u{2044}][\\x20\\u{00A0}]{0,2}' +
    '(T\\.Ư|T\\.W|\\p{Lu}[\\p{Lu}0-9]{0,11}|[a-zđư]{2,10})' +
    '|([0-9]{1,4})/(\\p{L}{2,4})-(TW|TƯ|TU|HU|QU|ĐU)';

  var FAMILIES = dict({
    nq: 'nq', qd: 'qd', qdi: 'qd', qyd: 'qd', ct: 'ct', kl: 'kl', qc: 'qc', tt: 'tt', hd: 'hd',
    tb: 'tb', tc: 'tc', bc: 'bc', kh: 'kh', qh: 'qh', ctr: 'ctr', cthd: 'ctr', da: 'da',
    ttr: 'ttr', cv: 'cv', bb: 'bb', bs: 'bs', gm: 'gm', ggt: 'ggt'
  });
  var TYPE_NAMES = dict({
    'chi thi': 'ct', 'ket luan': 'kl', 'nghi quyet': 'nq', 'quy dinh': 'qd', 'quyet dinh': 'qd',
    'huong dan': 'hd', 'ke hoach': 'kh', 'thong bao': 'tb', 'chuong trinh': 'ctr',
    'bao cao': 'bc', 'thong tri': 'tt', 'quy che': 'qc', 'to trinh': 'ttr', 'cong van': 'cv',
    'de an': 'da'
  });
  var TYPE_WORDS = new Map();
  ['chi', 'thi', 'ket', 'luan', 'nghi', 'quyet', 'quy', 'dinh', 'huong', 'dan', 'ke', 'hoach',
    'thong', 'bao', 'chuong', 'trinh', 'cao', 'tri', 'che', 'to', 'cong', 'van', 'de', 'an',
    'so'].forEach(function (w) { TYPE_WORDS.set(w, w); });

  function pad2(n) { return n < 10 ? '0' + n : String(n); }

  function issuerKey(written) {
    var upper = written.replace(/\./g, '').toUpperCase();
    return upper === 'TƯ' ? 'tw' : fold(upper);
  }

  /** Directive symbols in text: [{start, end, number, full, partial}] (UTF-16 offsets). */
  function findSymbols(text) {
    var out = [];
    var re = new RegExp(SYMBOL_PATTERN, 'gu');
    var m;
    while ((m = re.exec(text)) !== null) {
      var end = m.index + m[0].length;
      var num, ty, iss, boundary;
      if (m[1] !== undefined) {
        num = m[1]; ty = m[2]; iss = m[3];
        boundary = iss.charAt(0) !== iss.charAt(0).toUpperCase();
      } else {
        num = m[4]; ty = m[5]; iss = m[6]; boundary = true;
      }
      if (boundary) {
        var next = String.fromCodePoint(text.codePointAt(end) || 0);
        if (end < text.length && ALNUM.test(next)) continue;
      }
      var family = FAMILIES.get(fold(ty));
      if (!family) continue;
      var number = pad2(parseInt(num, 10));
      var partial = number + '-' + family;
      out.push({ start: m.index, end: end, number: number, partial: partial,
        full: partial + '/' + issuerKey(iss) });
    }
    return out;
  }

  function wordInfo(cache, word) {
    var info = cache.get(word);
    if (info) return info;
    var folded = fold(word);
    info = {
      folded: folded,
      variant: matchKey(word),
      typeWord: TYPE_WORDS.get(folded) || null,
      number: /^[0-9]{1,4}$/.test(word) ? pad2(parseInt(word, 10)) : null
    };
    cache.set(word, info);
    return info;
  }

  /** [family, words consumed, start] when the last words spell a type name joined to what follows. */
  function citation(history, joined) {
    var h1 = history[0], h2 = history[1], h3 = history[2];
    if (!joined) return null;
    if (h3[0] === 'so' && h3[1] && h2[1] && h1[0] && h2[0]) {
      var fam3 = TYPE_NAMES.get(h1[0] + ' ' + h2[0]);
      if (fam3) return [fam3, 3, h1[2]];
    }
    if (h3[1] && h2[0] && h3[0]) {
      var fam2 = TYPE_NAMES.get(h2[0] + ' ' + h3[0]);
      if (fam2) return [fam2, 2, h2[2]];
    }
    return null;
  }

  /**
   * Calls f({pos, key, variant, kind: 'word'|'symbol'|'partial', consumed, joined, start, end})
   * for every token of text; returns the next position.
   */
  function analyze(text, pos, f, cache) {
    cache = cache || new Map();
    var symbols = findSymbols(text);
    var ns = 0;
    var history = [[null, false, 0], [null, false, 0], [null, false, 0]];
    var first = true;
    var cleanGap = true;
    var i = 0;
    while (i < text.length) {
      var s = symbols[ns];
      if (s && s.start === i) {
        var sj = !first && cleanGap;
        // "Chỉ thị số 05-CT/TW": the type name in words belongs to the citation.
        var sc = citation(history, sj);
        if (sc && s.partial.slice(s.number.length) !== '-' + sc[0]) sc = null;
        f({ pos: pos, key: s.number, variant: s.number, kind: 'word', joined: sj, start: s.start, end: s.end });
        f({ pos: pos, key: s.full, variant: null, kind: 'symbol', joined: false, start: s.start, end: s.end });
        f({ pos: pos, key: s.partial, variant: null, kind: 'partial', consumed: sc ? sc[1] : 0,
          joined: false, start: sc ? sc[2] : s.start, end: s.end });
        history = [history[1], history[2], [null, sj, s.start]];
        pos += 1; first = false; cleanGap = true;
        i = Math.max(s.end, i + 1);
        ns += 1;
        continue;
      }
      var c = String.fromCodePoint(text.codePointAt(i));
      if (!WORD_CHAR.test(c)) {
        if (!SPACE.test(c) || c === '\n') cleanGap = false;
        i += c.length;
        continue;
      }
      var limit = s ? Math.max(s.start, i) : text.length;
      var end = i + c.length;
      while (end < limit) {
        var d = String.fromCodePoint(text.codePointAt(end));
        if (!WORD_CHAR.test(d)) break;
        end += d.length;
      }
      if (end > limit) end = Math.max(limit, i + c.length);
      var joined = !first && cleanGap;
      var info = wordInfo(cache, text.slice(i, end));
      f({ pos: pos, key: info.folded, variant: info.variant, kind: 'word', joined: joined, start: i, end: end });
      if (info.number !== null) {
        var cited = citation(history, joined);
        if (cited) {
          f({ pos: pos, key: info.number + '-' + cited[0], variant: null, kind: 'partial',
            consumed: cited[1], joined: false, start: cited[2], end: end });
        }
      }
      history = [history[1], history[2], [info.typeWord, joined, i]];
      pos += 1; first = false; cleanGap = true;
      i = end;
    }
    return pos;
  }

  // --------------------------------------------------------- query (src/search/query.rs)

  var DIACRITIC_SIMILARITY = 0.8;
  var PARTIAL_WEIGHT = 0.7;
  var PHRASE_WEIGHT = 1.0;
  var MAX_IMPACT = 32;
  var PAGE_SIZE = 10;
  var SNIPPET_WORDS = 30;

  function parseQuery(text) {
    var slots = [];
    analyze(text.normalize('NFC'), 0, function (t) {
      while (slots.length <= t.pos) slots.push({ word: null, joined: false, symbol: null, partial: null });
      var s = slots[t.pos];
      if (t.kind === 'word') { s.word = [t.key, t.variant || t.key]; s.joined = t.joined; }
      else if (t.kind === 'symbol') s.symbol = t.key;
      else s.partial = [t.key, t.consumed];
    });
    var optional = slots.map(function () { return false; });
    slots.forEach(function (s, p) {
      if (s.partial) for (var o = Math.max(0, p - s.partial[1]); o < p; o++) optional[o] = true;
    });
    var q = { terms: [], bigrams: [] };
    slots.forEach(function (s, p) {
      var alts, variant = null;
      if (s.symbol && s.partial) alts = [{ key: s.symbol, weight: 1 }, { key: s.partial[0], weight: PARTIAL_WEIGHT }];
      else if (s.partial) alts = [{ key: s.partial[0], weight: 1 }];
      else if (s.word) {
        alts = [{ key: s.word[0], weight: 1 }];
        if (s.word[1] !== s.word[0]) variant = s.word[1];
      } else return;
      q.terms.push({ alts: alts, variant: variant, required: !optional[p] });
      // Phrases are made of plain words: a citation ("chỉ thị 05") matches as a whole.
      var plain = function (i) { return !slots[i].symbol && !slots[i].partial && !optional[i]; };
      var prev = p > 0 && plain(p - 1) && plain(p) ? slots[p - 1].word : null;
      if (s.joined && prev && s.word) {
        var b = prev[0] + ' ' + s.word[0];
        if (q.bigrams.indexOf(b) < 0) q.bigrams.push(b);
      }
    });
    return q;
  }

  // ---------------------------------------------------------- codec (src/search/codec.rs)

  function charValue(code) {
    if (code >= 48 && code <= 57) return code - 48;
    if (code >= 65 && code <= 90) return code - 55;
    if (code >= 97 && code <= 122) return code - 61;
    if (code === 45) return 62;
    if (code === 95) return 63;
    return -1;
  }

  function Reader(text) { this.text = text; this.pos = 0; }
  Reader.prototype.done = function () { return this.pos >= this.text.length; };
  Reader.prototype.next = function () {
    var n = 0, mul = 1;
    for (;;) {
      if (this.pos >= this.text.length) throw new Error('truncated posting list');
      var v = charValue(this.text.charCodeAt(this.pos++));
      if (v < 0) throw new Error('bad posting list');
      n += (v & 31) * mul;
      mul *= 32;
      if (mul > 1e15) throw new Error('number out of range');
      if (v < 32) return n;
    }
  };

  function decodePostings(text) {
    var r = new Reader(text), out = [], prev = -1;
    while (!r.done()) {
      var v = r.next();
      var low = v % 64;
      var doc = prev + Math.floor(v / 64) + 1;
      prev = doc;
      var mask = (low & 32) ? r.next() : null;
      out.push({ doc: doc, impact: (low & 31) + 1, mask: mask });
    }
    return out;
  }

  // ----------------------------------------------------------------------- searcher

  function Searcher(base) {
    this.base = base;
    this.manifest = null;
    this.prefixes = null;
    this.shards = {};
    this.facets = null;
    this.fragments = {};
  }

  Searcher.prototype.url = function (path) {
    return new URL(path + '?v=' + encodeURIComponent(this.manifest.version), this.base).href;
  };

  Searcher.prototype.open = function () {
    var self = this;
    if (this.opening) return this.opening;
    this.opening = fetch(new URL('index.json', this.base).href, { cache: 'no-cache' })
      .then(function (r) { if (!r.ok) throw new Error('index.json ' + r.status); return r.json(); })
      .then(function (m) {
        if (m.format !== 1) throw new Error('unsupported index format ' + m.format);
        self.manifest = m;
        self.prefixes = new Map();
        m.shards.forEach(function (p, i) { self.prefixes.set(p, i); });
        return m;
      });
    return this.opening;
  };

  Searcher.prototype.shardOf = function (key) {
    for (var end = key.length; end > 0; end--) {
      var id = this.prefixes.get(key.slice(0, end));
      if (id !== undefined) return id;
    }
    var root = this.prefixes.get('');
    return root === undefined ? 0 : root;
  };

  Searcher.prototype.loadShard = function (id) {
    var self = this;
    if (!this.shards[id]) {
      this.shards[id] = fetch(this.url('s/' + id + '.json'))
        .then(function (r) { if (!r.ok) throw new Error('shard ' + id + ': ' + r.status); return r.json(); })
        .catch(function (e) { delete self.shards[id]; throw e; });
    }
    return this.shards[id];
  };

  /** Resolves to {key: {postings, variants}} for the keys present in the index. */
  Searcher.prototype.entries = function (keys) {
    var self = this;
    var ids = {};
    keys.forEach(function (k) { ids[self.shardOf(k)] = true; });
    return Promise.all(Object.keys(ids).map(function (id) { return self.loadShard(Number(id)); }))
      .then(function () {
        return Promise.all(keys.map(function (k) {
          return self.shards[self.shardOf(k)].then(function (shard) {
            var raw = Object.prototype.hasOwnProperty.call(shard, k) ? shard[k] : null;
            if (!raw) return [k, null];
            var variants = raw.slice(1);
            if (!variants.length) variants = [k];
            return [k, { postings: decodePostings(raw[0] || ''), variants: variants }];
          });
        }));
      })
      .then(function (pairs) {
        var out = {};
        pairs.forEach(function (p) { out[p[0]] = p[1]; });
        return out;
      });
  };

  Searcher.prototype.loadFacets = function () {
    var self = this;
    if (!this.facets) {
      this.facets = fetch(this.url('facets.json'))
        .then(function (r) { if (!r.ok) throw new Error('facets ' + r.status); return r.json(); })
        .then(function (f) {
          var decode = function (s) {
            var r = new Reader(s || ''), out = [];
            while (!r.done()) out.push(r.next());
            return out;
          };
          return { province: decode(f.province), type: decode(f.type) };
        })
        .catch(function (e) { self.facets = null; throw e; });
    }
    return this.facets;
  };

  /** Resolves to an array of booleans per document, or null when nothing can match. */
  Searcher.prototype.allowed = function (filters) {
    var m = this.manifest;
    var n = m.documents;
    var ok = new Array(n).fill(true);
    if (filters.year) {
      var y = Number(filters.year);
      var range = m.years.filter(function (r) { return r.year === y; })[0];
      if (!range) return Promise.resolve(null);
      for (var i = 0; i < n; i++) ok[i] = i >= range.first && i <= range.last;
    }
    var index = function (list, slug) {
      if (!slug) return undefined;
      for (var j = 0; j < list.length; j++) if (list[j].slug === slug) return j;
      return null;
    };
    var p = index(m.provinces, filters.province);
    var t = index(m.types, filters.type);
    if (p === null || t === null) return Promise.resolve(null);
    if (p === undefined && t === undefined) return Promise.resolve(ok);
    return this.loadFacets().then(function (f) {
      for (var k = 0; k < n; k++) {
        if (p !== undefined) ok[k] = ok[k] && f.province[k] === p;
        if (t !== undefined) ok[k] = ok[k] && f.type[k] === t;
      }
      return ok;
    });
  };

  /** Resolves to hits [{doc, matched, phrases, exact, score}], best first. */
  Searcher.prototype.search = function (text, filters) {
    var self = this;
    var q = parseQuery(text);
    if (!q.terms.length) return Promise.resolve({ query: q, hits: [] });
    return this.open().then(function () {
      var keys = [];
      q.terms.forEach(function (t) { t.alts.forEach(function (a) { if (keys.indexOf(a.key) < 0) keys.push(a.key); }); });
      q.bigrams.forEach(function (b) { if (keys.indexOf(b) < 0) keys.push(b); });
      return Promise.all([self.allowed(filters || {}), self.entries(keys)]);
    }).then(function (res) {
      var allowed = res[0], entries = res[1];
      if (!allowed) return { query: q, hits: [] };
      var n = self.manifest.documents;
      var idf = function (df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); };
      var acc = new Map();
      var get = function (doc) {
        var a = acc.get(doc);
        if (!a) { a = { matched: 0, phrases: 0, exact: 0, score: 0 }; acc.set(doc, a); }
        return a;
      };
      q.terms.forEach(function (term) {
        var best = new Map();
        term.alts.forEach(function (alt) {
          var entry = entries[alt.key];
          if (!entry) return;
          var w = alt.weight * idf(entry.postings.length);
          var wanted = term.variant === null ? undefined : entry.variants.indexOf(term.variant);
          entry.postings.forEach(function (p) {
            if (!allowed[p.doc]) return;
            var exact = false;
            if (wanted !== undefined && wanted >= 0) {
              exact = p.mask === null ? wanted === 0 : (wanted < 32 && Math.floor(p.mask / Math.pow(2, wanted)) % 2 === 1);
            }
            var factor = (wanted !== undefined && !exact) ? DIACRITIC_SIMILARITY : 1.0;
            var c = w * p.impact / MAX_IMPACT * factor;
            var b = best.get(p.doc);
            if (!b) { b = [0, false]; best.set(p.doc, b); }
            if (c > b[0]) b[0] = c;
            b[1] = b[1] || exact;
          });
        });
        var docs = Array.from(best.keys()).sort(function (a, b) { return a - b; });
        docs.forEach(function (doc) {
          var b = best.get(doc), a = get(doc);
          a.score += b[0];
          if (term.required) a.matched += 1;
          if (b[1]) a.exact += 1;
        });
      });
      q.bigrams.forEach(function (bg) {
        var entry = entries[bg];
        if (!entry) return;
        var w = PHRASE_WEIGHT * idf(entry.postings.length);
        entry.postings.forEach(function (p) {
          var a = acc.get(p.doc);
          if (a) { a.phrases += 1; a.score += w * p.impact / MAX_IMPACT; }
        });
      });
      var top = 0;
      acc.forEach(function (a) { if (a.matched > top) top = a.matched; });
      var hits = [];
      acc.forEach(function (a, doc) {
        if (a.matched === top) {
          hits.push({ doc: doc, matched: a.matched, phrases: a.phrases, exact: a.exact, score: Math.round(a.score * 1000) });
        }
      });
      hits.sort(function (a, b) {
        return (b.matched - a.matched) || (b.phrases - a.phrases) || (b.exact - a.exact) ||
          (b.score - a.score) || (a.doc - b.doc);
      });
      return { query: q, hits: hits };
    });
  };

  Searcher.prototype.fragment = function (doc) {
    if (!this.fragments[doc]) {
      var self = this;
      this.fragments[doc] = fetch(this.url('d/' + doc + '.json'))
        .then(function (r) { if (!r.ok) throw new Error('fragment ' + r.status); return r.json(); })
        .catch(function (e) { delete self.fragments[doc]; throw e; });
    }
    return this.fragments[doc];
  };

  /** [{text, hit}] — the window of `words` positions matching the most query terms. */
  function snippet(text, query, words) {
    // Words a citation consumed ("chỉ thị" of "chỉ thị 05") are marked as part of the
    // citation, not wherever they occur ("Hồ Chí Minh").
    var anyRequired = query.terms.some(function (t) { return t.required; });
    var keys = new Map();
    query.terms.forEach(function (t, i) {
      if (!t.required && anyRequired) return;
      t.alts.forEach(function (a) { if (!keys.has(a.key)) keys.set(a.key, i); });
    });
    var spans = [];
    analyze(text, 0, function (t) {
      if (spans.length <= t.pos) spans.push([t.start, t.end, null, null]);
      if (keys.has(t.key)) {
        var own = spans[t.pos];
        if (own && own[3] === null) own[3] = keys.get(t.key);
        // A citation in words marks its type name too (the positions it reaches back to).
        for (var r = spans.length - 1; r >= 0; r--) {
          var sp = spans[r];
          if (sp[1] <= t.start && sp[0] < t.start) break;
          if (sp[2] === null) sp[2] = keys.get(t.key);
        }
      }
    });
    if (!spans.length) return [];
    words = Math.max(1, words);
    // Most distinct terms first; then the matches nearest the middle; then the earliest.
    var best = [0, 0, Infinity];
    for (var start = 0; start < spans.length; start++) {
      var end = Math.min(start + words, spans.length);
      var distinct = {};
      var count = 0, first = -1, last = -1;
      for (var k = start; k < end; k++) {
        var term = spans[k][3];
        if (term !== null) {
          if (first < 0) first = k - start;
          last = k - start;
          if (!distinct[term]) { distinct[term] = true; count++; }
        }
      }
      var imbalance = first < 0 ? Infinity : Math.abs(first - (end - start - 1 - last));
      if (count > best[1] || (count === best[1] && imbalance < best[2])) best = [start, count, imbalance];
      if (end === spans.length) break;
    }
    var from = best[0];
    var to = Math.min(from + words, spans.length);
    var out = [];
    var push = function (t, hit) {
      if (!t) return;
      var last = out[out.length - 1];
      if (last && last.hit === hit) last.text += t;
      else out.push({ text: t, hit: hit });
    };
    if (from > 0) push('…', false);
    var at = spans[from][0];
    var prevHit = false;
    for (var j = from; j < to; j++) {
      var gap = text.slice(at, spans[j][0]);
      var hit = spans[j][2] !== null;
      push(gap, prevHit && hit && /^ *$/.test(gap));
      push(text.slice(spans[j][0], spans[j][1]), hit);
      at = spans[j][1];
      prevHit = hit;
    }
    if (to < spans.length) push('…', false);
    else push(text.slice(at), false);
    return out;
  }

  // -------------------------------------------------------------------------- page UI

  var T = {
    searching: 'Đang tìm…',
    found: function (n, q) { return 'Tìm thấy ' + n.toLocaleString('vi-VN') + ' văn bản cho “' + q + '”.'; },
    none: function (q) { return 'Không tìm thấy văn bản nào cho “' + q + '”. Hãy thử từ khóa khác, bỏ bớt bộ lọc, hoặc tra cứu theo các mục bên dưới.'; },
    error: 'Không tải được dữ liệu tìm kiếm. Bạn có thể tra cứu theo các mục bên dưới.',
    more: function (n) { return 'Xem thêm ' + n + ' kết quả'; },
    filters: 'Lọc kết quả',
    province: 'Tỉnh, thành phố',
    year: 'Năm',
    type: 'Loại văn bản',
    all: 'Tất cả',
    shown: function (a, b) { return 'Đang hiển thị ' + a + '/' + b + ' kết quả.'; }
  };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  function scriptBase() {
    var s = document.currentScript;
    var src = s && s.src ? s.src : new URL('static/js/search.js', location.href).href;
    return new URL('../../search/', src);
  }

  function initPage(searcher) {
    var results = document.getElementById('ket-qua-tim-kiem');
    if (!results) return;
    var input = document.getElementById('o-tim-kiem-trang') ||
      (results.parentNode && results.parentNode.querySelector('input[type="search"]'));
    if (!input) return;
    var form = input.form;
    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    // The status line alone is announced; the list is read on demand.
    results.setAttribute('aria-live', 'off');
    var status = el('p', { 'class': 'tk-trang-thai', role: 'status' });
    var list = el('ol', { 'class': 'tk-ket-qua' });
    var moreButton = el('button', { type: 'button', 'class': 'tk-them' });
    moreButton.hidden = true;
    results.appendChild(status);
    results.appendChild(list);
    results.appendChild(moreButton);

    var selects = {};
    var current = { hits: [], shown: 0, query: null, seq: 0 };

    function filters() {
      return {
        province: selects.tinh && selects.tinh.value,
        year: selects.nam && selects.nam.value,
        type: selects.loai && selects.loai.value
      };
    }

    function buildFilters(m) {
      var box = el('fieldset', { 'class': 'tk-loc' }, [el('legend', { text: T.filters })]);
      var add = function (name, label, options) {
        var id = 'tk-loc-' + name;
        var sel = el('select', { id: id, name: name });
        sel.appendChild(el('option', { value: '', text: T.all }));
        options.forEach(function (o) { sel.appendChild(el('option', { value: o[0], text: o[1] })); });
        sel.value = params.get(name) || '';
        if (sel.value !== (params.get(name) || '')) sel.value = '';
        sel.addEventListener('change', function () { run(true); });
        selects[name] = sel;
        box.appendChild(el('span', { 'class': 'tk-loc__muc' }, [el('label', { 'for': id, text: label }), sel]));
      };
      add('tinh', T.province, m.provinces.map(function (p) { return [p.slug, p.name]; }));
      add('nam', T.year, m.years.map(function (y) { return [String(y.year), String(y.year)]; }));
      add('loai', T.type, m.types.map(function (t) { return [t.slug, t.name]; }));
      form.appendChild(box);
    }

    function updateUrl() {
      var p = new URLSearchParams();
      if (input.value.trim()) p.set('q', input.value.trim());
      Object.keys(selects).forEach(function (k) { if (selects[k].value) p.set(k, selects[k].value); });
      var qs = p.toString();
      history.replaceState(null, '', location.pathname + (qs ? '?' + qs : ''));
    }

    function renderItem(f, query) {
      var meta = [f.type, f.number, f.issuer, f.province].filter(Boolean).join(' · ');
      var info = el('p', { 'class': 'tk-thong-tin' }, [
        document.createTextNode(meta ? meta + ' · ' : ''),
        el('time', { datetime: f.date_iso, text: f.date })
      ]);
      var parts = snippet(f.text || '', query, SNIPPET_WORDS);
      if (!parts.some(function (s) { return s.hit; }) && f.summary) parts = snippet(f.summary, query, SNIPPET_WORDS);
      var trich = el('p', { 'class': 'tk-trich' });
      parts.forEach(function (s) {
        trich.appendChild(s.hit ? el('mark', { text: s.text }) : document.createTextNode(s.text));
      });
      var link = el('a', { href: f.url, text: f.title });
      return el('li', { 'class': 'tk-muc' }, [el('h2', { 'class': 'tk-tieu-de' }, [link]), info, trich]);
    }

    function showMore(focusFirst) {
      var seq = current.seq;
      var page = current.hits.slice(current.shown, current.shown + PAGE_SIZE);
      return Promise.all(page.map(function (h) { return searcher.fragment(h.doc); })).then(function (frags) {
        if (seq !== current.seq) return;
        var firstNew = null;
        frags.forEach(function (f) {
          var li = renderItem(f, current.query);
          if (!firstNew) firstNew = li.querySelector('a');
          list.appendChild(li);
        });
        current.shown += page.length;
        var left = current.hits.length - current.shown;
        moreButton.hidden = left <= 0;
        moreButton.textContent = T.more(Math.min(left, PAGE_SIZE));
        if (focusFirst && firstNew) firstNew.focus();
        results.removeAttribute('aria-busy');
      });
    }

    function run(pushUrl) {
      var text = input.value.trim();
      if (pushUrl) updateUrl();
      var seq = ++current.seq;
      list.textContent = '';
      moreButton.hidden = true;
      if (!text) { status.textContent = ''; results.removeAttribute('aria-busy'); return Promise.resolve(); }
      results.setAttribute('aria-busy', 'true');
      status.textContent = T.searching;
      return searcher.search(text, filters()).then(function (r) {
        if (seq !== current.seq) return;
        current.hits = r.hits;
        current.shown = 0;
        current.query = r.query;
        status.textContent = r.hits.length ? T.found(r.hits.length, text) : T.none(text);
        return showMore(false);
      }).catch(function (e) {
        if (seq !== current.seq) return;
        status.textContent = T.error;
        results.removeAttribute('aria-busy');
        if (window.console) console.error(e);
      });
    }

    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(true); }, 250);
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      run(true);
    });
    moreButton.addEventListener('click', function () { showMore(true); });

    // Arrow keys move between the box and the results; Escape returns to the box.
    function links() { return Array.prototype.slice.call(list.querySelectorAll('a')); }
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'ArrowDown' && links().length) { ev.preventDefault(); links()[0].focus(); }
    });
    list.addEventListener('keydown', function (ev) {
      var all = links();
      var i = all.indexOf(document.activeElement);
      if (i < 0) return;
      if (ev.key === 'ArrowDown' && i + 1 < all.length) { ev.preventDefault(); all[i + 1].focus(); }
      else if (ev.key === 'ArrowUp') { ev.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
      else if (ev.key === 'Escape') { ev.preventDefault(); input.focus(); }
    });

    searcher.open().then(function (m) {
      buildFilters(m);
      return run(false);
    }).catch(function (e) {
      status.textContent = T.error;
      if (window.console) console.error(e);
    });
  }

  var api = {
    fold: fold, matchKey: matchKey, findSymbols: findSymbols, analyze: analyze,
    parseQuery: parseQuery, decodePostings: decodePostings, snippet: snippet, Searcher: Searcher
  };
  // Outside a browser (the cross-check test under Node), only export the functions.
  if (typeof document === 'undefined') {
    if (typeof module !== 'undefined' && module.exports) module.exports = api;
    return;
  }
  var base = scriptBase();
  api.searcher = new Searcher(base);
  window.bantinSearch = api;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { initPage(api.searcher); });
  } else {
    initPage(api.searcher);
  }
})();
