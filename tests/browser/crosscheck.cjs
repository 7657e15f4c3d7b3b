// Runs queries through themes/default/static/js/search.js under Node against a built site's
// search index and prints the hits as JSON, so tests/search.rs can check that the browser's
// algorithm ranks exactly like src/search/query.rs.
//
//   node tests/browser/crosscheck.cjs OUT_DIR '[{"q":"son la","filters":{}}]'
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL, fileURLToPath } = require('url');

const [outDir, queriesJson] = process.argv.slice(2);
if (!outDir || !queriesJson) {
  console.error('usage: crosscheck.cjs OUT_DIR QUERIES_JSON');
  process.exit(2);
}
const search = require(path.join(__dirname, '../../themes/default/static/js/search.js'));

let bytes = 0;
globalThis.fetch = async (url) => {
  const file = fileURLToPath(String(url).split('?')[0]);
  let body;
  try {
    body = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, status: 404, json: async () => { throw new Error('404 ' + file); } };
  }
  bytes += body.length;
  return { ok: true, status: 200, json: async () => JSON.parse(body.toString('utf8')) };
};

(async () => {
  const base = pathToFileURL(path.resolve(outDir, 'search') + '/');
  const out = [];
  for (const { q, filters } of JSON.parse(queriesJson)) {
    bytes = 0;
    const s = new search.Searcher(base);
    const r = await s.search(q, filters || {});
    let snippet = null;
    if (r.hits.length) {
      const f = await s.fragment(r.hits[0].doc);
      snippet = search.snippet(f.text, r.query, 30);
    }
    out.push({ q, query: r.query, hits: r.hits, snippet, bytes });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
