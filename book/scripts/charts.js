// Draws chapter 5's measured results as SVG charts, from the numbers the
// benches printed (book/data/*.tsv), so the pictures cannot drift from the
// tables:
//
//   node book/scripts/charts.js
//
// To chart new measurements, save the output of a few bench runs and give the
// files to the script, which rewrites the .tsv (lowest and highest over the
// runs; for string_vs_buffer the first run's ratio too) before drawing:
//
//   cargo bench -p ch05-buffer-solution --bench read_chunks > run1.txt   # (×3)
//   node book/scripts/charts.js --read-chunks run1.txt run2.txt run3.txt
//   cargo bench -p ch05-buffer-solution --bench string_vs_buffer > s1.txt   # (×3)
//   node book/scripts/charts.js --string-vs-buffer s1.txt s2.txt s3.txt
//
// It writes book/src/img/read-chunks.svg and book/src/img/string-vs-buffer.svg,
// 400 px wide so that a phone shows them at full size.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const COLORS = {
  'Rust reuse': '#2f6db3',
  'Rust fresh': '#7aa7dc',
  'Rust model': '#2f6db3',
  'Node 20.20.2': '#3a8a2f',
  'Node 10.24.1': '#c98a16',
};
const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

/** Rows of a TSV file, `#` lines skipped, numbers parsed. */
function read(name) {
  return fs
    .readFileSync(path.join(root, 'data', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t').map((c) => (c !== '' && !isNaN(c) ? Number(c) : c)));
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function svg(width, height, title, desc, body) {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" ` +
    `height="${height}" role="img" aria-labelledby="t d" font-family="${FONT}">\n` +
    `  <title id="t">${esc(title)}</title>\n  <desc id="d">${esc(desc)}</desc>\n` +
    `  <rect width="${width}" height="${height}" fill="#fff"/>\n${body}</svg>\n`;
}

const text = (x, y, s, { size = 12, anchor = 'start', fill = '#333', weight = 400 } = {}) =>
  `  <text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" text-anchor="${anchor}" ` +
  `fill="${fill}" font-weight="${weight}">${esc(s)}</text>\n`;
const line = (x1, y1, x2, y2, stroke = '#bbb', width = 1, dash = '') =>
  `  <line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ` +
  `stroke="${stroke}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>\n`;

/** MB/s against chunk size, both on log scales, one line per series, a bar per range. */
function readChunks() {
  const rows = read('read_chunks.tsv');
  const series = [...new Set(rows.map((r) => r[1]))];
  const chunks = [...new Set(rows.map((r) => r[0]))];
  const W = 400, H = 330, left = 44, right = 10, top = 44, bottom = 92, pad = 20;
  const x = (c) => left + pad + (Math.log2(c / chunks[0]) / Math.log2(chunks[chunks.length - 1] / chunks[0])) * (W - left - right - 2 * pad);
  const lowest = Math.min(...rows.map((r) => r[2]));
  const highest = Math.max(...rows.map((r) => r[3]));
  const ymin = Math.min(20, 10 ** Math.floor(Math.log10(lowest)));
  const ymax = Math.max(10000, 10 ** Math.ceil(Math.log10(highest)));
  const y = (v) => top + (1 - Math.log10(v / ymin) / Math.log10(ymax / ymin)) * (H - top - bottom);
  let body = text(W / 2, 20, 'Reading a cached 64 MiB file, by chunk size', { size: 14, anchor: 'middle', weight: 700, fill: '#1b1b1b' });
  body += text(W / 2, 36, 'MB/s, log scale; a bar spans three runs', { size: 12, anchor: 'middle' });
  for (const v of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000].filter((t) => t >= ymin && t <= ymax)) {
    body += line(left, y(v), W - right, y(v), '#e3e3e3');
    body += text(left - 5, y(v) + 4, v >= 1000 ? `${v / 1000}k` : v, { size: 11, anchor: 'end' });
  }
  for (const c of chunks) {
    const label = c >= 1048576 ? `${c / 1048576} MiB` : `${c / 1024} KiB`;
    body += line(x(c), top, x(c), H - bottom, c === 65536 ? '#999' : '#eee', 1, c === 65536 ? '3 3' : '');
    body += text(x(c), H - bottom + 15, label, { size: 11, anchor: 'middle', fill: c === 65536 ? '#1b1b1b' : '#333', weight: c === 65536 ? 700 : 400 });
  }
  body += text(x(65536), H - bottom + 28, "Node's default", { size: 11, anchor: 'middle' });
  for (const s of series) {
    const points = rows.filter((r) => r[1] === s);
    const mid = points.map((r) => [x(r[0]), y(Math.sqrt(r[2] * r[3]))]);
    body += `  <polyline fill="none" stroke="${COLORS[s]}" stroke-width="2" points="${mid.map((p) => p.map((n) => n.toFixed(1)).join(',')).join(' ')}"/>\n`;
    for (const r of points) body += line(x(r[0]), y(r[2]), x(r[0]), y(r[3]), COLORS[s], 5);
  }
  // Legend, two columns under the axis.
  series.forEach((s, i) => {
    const lx = left + (i % 2) * 170, ly = H - 38 + Math.floor(i / 2) * 18;
    body += line(lx, ly - 4, lx + 22, ly - 4, COLORS[s], 3);
    body += text(lx + 28, ly, s, { size: 12 });
  });
  return svg(W, H, 'Reading a cached 64 MiB file, by chunk size',
    'MB/s against chunk size from 1 KiB to 1 MiB, log scales. Rust reads 1.2 to 1.6 GB/s at 1 KiB and flattens near 5 GB/s from 16 KiB; ' +
    'real Node 20 rises from 34-55 MB/s at 1 KiB to 2.5-3.6 GB/s at 1 MiB, Node 10 from 25 MB/s to 1.3-1.6 GB/s.', body);
}

/** string / Buffer time per response, grouped by body, with the notes' 2x marked. */
function stringVsBuffer() {
  const rows = read('string_vs_buffer.tsv');
  const bodies = [...new Set(rows.map((r) => r[0]))];
  const series = [...new Set(rows.map((r) => r[1]))];
  const W = 400, left = 118, right = 16, top = 48, group = 80, bar = 16;
  const H = top + bodies.length * group + 58;
  const [vmin, vmax] = [0.5, 6];
  const x = (v) => left + ((v - vmin) / (vmax - vmin)) * (W - left - right);
  let body = text(W / 2, 20, 'String body vs prepared Buffer, over HTTP', { size: 14, anchor: 'middle', weight: 700, fill: '#1b1b1b' });
  body += text(W / 2, 36, 'time per response, string ÷ Buffer; whiskers: three runs', { size: 12, anchor: 'middle' });
  const bottom = top + bodies.length * group;
  for (const v of [1, 2, 3, 4, 5, 6]) {
    body += line(x(v), top - 4, x(v), bottom, v === 2 ? '#b33a2f' : v === 1 ? '#777' : '#e3e3e3', v <= 2 ? 1.5 : 1, v === 2 ? '4 3' : '');
    body += text(x(v), bottom + 14, `${v}×`, { size: 11, anchor: 'middle' });
  }
  body += text(x(2) + 4, bottom + 28, "the notes' “2× faster”", { size: 11, fill: '#b33a2f' });
  bodies.forEach((b, gi) => {
    const gy = top + gi * group;
    body += text(8, gy + 12, b, { size: 12, weight: 600, fill: '#1b1b1b' });
    series.forEach((s, si) => {
      const r = rows.find((row) => row[0] === b && row[1] === s);
      if (!r) return; // A version the bench could not run.
      const by = gy + 18 + si * (bar + 2);
      body += text(left - 6, by + 12, s, { size: 11, anchor: 'end' });
      body += `  <rect x="${x(vmin).toFixed(1)}" y="${by}" width="${(x(r[2]) - x(vmin)).toFixed(1)}" height="${bar}" fill="${COLORS[s]}" opacity="0.8"/>\n`;
      body += line(x(r[3]), by + bar / 2, x(r[4]), by + bar / 2, '#1b1b1b', 1.5);
      body += text(Math.max(x(r[2]), x(r[4])) + 6, by + 12, `${r[2].toFixed(2)}×`, { size: 11 });
    });
  });
  body += text(8, H - 10, 'Real Node: 0.9–1.6×. The Rust model pays for its slow encoder.', { size: 11 });
  return svg(W, H, 'String body vs prepared Buffer, over HTTP',
    'Ratio of time per response with a string body to a prepared Buffer body. Node 20: 1.24 for the 16 KiB poem, 1.10 for 16 KiB ASCII, 1.03 for 11 bytes; ' +
    'Node 10: 1.31, 1.26, 0.94; the Rust model: 3.23, 5.16, 1.01. None of real Node reaches the notes\' 2x.', body);
}

/** Series names from a bench table's heading: `Rust …` and `node 20.20.2` columns. */
function seriesOf(heading) {
  return (heading.match(/Rust reuse|Rust fresh|Rust model|node v?[\d.]+/g) || [])
    .map((h) => h.replace(/^node v?/, 'Node '));
}

/** `{ key: [values over runs] }` → TSV rows with the lowest and highest value. */
function ranges(cells) {
  return Object.entries(cells).map(([key, values]) => [...key.split('\t'), Math.min(...values), Math.max(...values)]);
}

/** Rewrites data/NAME, keeping its `#` header, with `rows`. */
function writeTsv(name, rows, runs) {
  const file = path.join(root, 'data', name);
  const header = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('#') && !l.startsWith('# (from'));
  const body = rows.map((r) => r.map((c) => (typeof c === 'number' ? +c.toFixed(2) : c)).join('\t'));
  fs.writeFileSync(file, [...header.slice(0, -1), `# (from ${runs} bench runs)`, header[header.length - 1], ...body, ''].join('\n'));
}

/** Parses read_chunks outputs: MB/s per chunk size and series. */
function fromReadChunks(files) {
  const cells = {};
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('Throughput, MB/s'));
    if (at < 0) throw new Error(`${file}: no "Throughput, MB/s" table`);
    const series = seriesOf(lines[at + 1]);
    for (const line of lines.slice(at + 2)) {
      const m = line.match(/^\s+(\d+) (KiB|MiB)\s+\d+\s+(.*)$/);
      if (!m) break;
      const bytes = Number(m[1]) * (m[2] === 'MiB' ? 1048576 : 1024);
      m[3].trim().split(/\s+/).forEach((v, i) => {
        if (v === '-' || !series[i]) return;
        (cells[`${bytes}\t${series[i]}`] = cells[`${bytes}\t${series[i]}`] || []).push(Number(v));
      });
    }
  }
  writeTsv('read_chunks.tsv', ranges(cells), files.length);
}

/** Parses string_vs_buffer outputs: the HTTP string / Buffer ratio per body and series. */
function fromStringVsBuffer(files) {
  const cells = {};
  const first = {};
  const labels = { poem: 'poem', ascii: 'ASCII', tiny: 'hello world' };
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const body = line.match(/^(\w+): .*?, (\d+) bytes of UTF-8/);
      if (!body) return;
      const bytes = Number(body[2]);
      const label = `${labels[body[1]] || body[1]}, ${bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} B`}`;
      const series = seriesOf(lines[i + 1]);
      const http = lines.findIndex((l, j) => j > i && l.includes('HTTP, Buffer body'));
      const ratios = lines[http + 1].split('string / buffer')[1].trim().split(/\s+/);
      ratios.forEach((v, k) => {
        if (v === '-' || !series[k]) return;
        const key = `${label}\t${series[k]}`;
        (cells[key] = cells[key] || []).push(parseFloat(v));
        if (!(key in first)) first[key] = parseFloat(v);
      });
    });
  }
  writeTsv('string_vs_buffer.tsv', ranges(cells).map(([b, s, lo, hi]) => [b, s, first[`${b}\t${s}`], lo, hi]), files.length);
}

const args = process.argv.slice(2);
if (args[0] === '--read-chunks') fromReadChunks(args.slice(1));
if (args[0] === '--string-vs-buffer') fromStringVsBuffer(args.slice(1));

const img = path.join(root, 'src', 'img');
fs.writeFileSync(path.join(img, 'read-chunks.svg'), readChunks());
fs.writeFileSync(path.join(img, 'string-vs-buffer.svg'), stringVsBuffer());
console.log('wrote book/src/img/read-chunks.svg and book/src/img/string-vs-buffer.svg');
