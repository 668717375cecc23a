// Draws the book's measured results as SVG charts, from the numbers the
// benches printed (book/data/*.tsv), so the pictures cannot drift from the
// tables:
//
//   node book/scripts/charts.js
//
// redraws all five from the committed data: chapter 4's copy (copy.tsv),
// chapter 5's two (read_chunks.tsv, string_vs_buffer.tsv), chapter 6's server
// against Node (http_vs_node.tsv) and chapter 7's cluster (distribution.tsv).
// Each is 400 px wide so that a phone shows it at full size.
//
// To chart new measurements, save the bench's output and give the files to the
// script, which rewrites the .tsv (keeping its header, with a new "(from …)"
// line) before drawing; then copy the new figures into the page's table:
//
//   cargo bench -p ch05-buffer-solution --bench read_chunks > run1.txt   # (×3)
//   node book/scripts/charts.js --read-chunks run1.txt run2.txt run3.txt
//   cargo bench -p ch05-buffer-solution --bench string_vs_buffer > s1.txt   # (×3)
//   node book/scripts/charts.js --string-vs-buffer s1.txt s2.txt s3.txt
//
// (lowest and highest over the runs; for string_vs_buffer the first run's
// ratio too: book/src/ch05-buffer/index.md);
//
//   cargo bench -p ch04-memory-solution --bench copy > copy.txt
//   node book/scripts/charts.js --copy copy.txt
//
// (one run, its `  64 MiB  cp   2.1 MiB peak RSS   432 MiB/s` lines:
// book/src/ch04-memory/streams.md);
//
//   cargo bench -p ch06-networking-solution --bench http_vs_node > h1.txt   # (×3)
//   node book/scripts/charts.js --http-vs-node h1.txt h2.txt h3.txt
//
// (each file is one run, numbered in the order given, with the load average
// its `# hello-world, … load L` line printed: book/src/ch06-networking/server.md);
//
//   cargo bench -p ch07-processes-solution --bench distribution > d.txt
//   node book/scripts/charts.js --distribution d.txt
//
// (one run of the bench, which does three runs per strategy, its
// `| this chapter | shared | 1 | [95, 115, 96, 94] | +15 % |` lines:
// book/src/ch07-processes/cluster.md).
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

const KIND_COLORS = { cp: '#777777', rust: '#2f6db3', node: '#3a8a2f' };
const kindOf = (name) => (name.startsWith('rust') ? 'rust' : name.startsWith('node') ? 'node' : 'cp');
const fmt = (v) => Math.round(v).toLocaleString('en-US');
const sizeLabel = (mib) => (mib >= 1024 ? `${mib / 1024} GiB` : `${mib} MiB`);
const rect = (x, y, w, h, fill) =>
  `  <rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}"/>\n`;

/** Chapter 4: peak RSS of each copy, one group of bars per copy, one bar per file size, linear scale. */
function copyChart() {
  const rows = read('copy.tsv');
  const sizes = [...new Set(rows.map((r) => r[0]))];
  const copies = [...new Set(rows.map((r) => r[1]))];
  const W = 400, left = 58, right = 40, top = 66, bar = 10, pitch = 12, head = 16, gap = 8;
  const group = head + sizes.length * pitch + gap;
  const bottom = top + copies.length * group;
  const H = bottom + 14;
  const vmax = Math.max(1024, Math.ceil(Math.max(...rows.map((r) => r[2])) / 256) * 256);
  const x = (v) => left + (v / vmax) * (W - left - right);
  let body = text(W / 2, 20, 'Peak memory of a file copy, by file size', { size: 14, anchor: 'middle', weight: 700, fill: '#1b1b1b' });
  body += text(W / 2, 36, 'peak RSS in MiB, linear scale; a bar per file size', { size: 12, anchor: 'middle' });
  for (let v = 0; v <= vmax; v += 256) {
    body += line(x(v), top - 10, x(v), bottom - gap, v === 0 ? '#777' : '#e3e3e3');
    body += text(x(v), top - 14, v, { size: 11, anchor: 'middle' });
    body += text(x(v), bottom + 6, v, { size: 11, anchor: 'middle' });
  }
  copies.forEach((c, ci) => {
    const gy = top + ci * group;
    const color = KIND_COLORS[kindOf(c)];
    body += text(8, gy + 12, c.replace(/→/g, ' → '), { size: 12, weight: 600, fill: '#1b1b1b' });
    sizes.forEach((size, si) => {
      const r = rows.find((row) => row[0] === size && row[1] === c);
      const by = gy + head + si * pitch;
      body += text(left - 6, by + 9, sizeLabel(size), { size: 11, anchor: 'end', fill: '#555' });
      if (!r) return; // A copy the bench could not run.
      body += rect(x(0), by, x(r[2]) - x(0), bar, color);
      body += text(x(r[2]) + 4, by + 9, r[2].toFixed(1), { size: 11 });
    });
  });
  const say = (c) => `${c.replace(/→/g, ' → ')}: ${sizes.map((s) => rows.find((r) => r[0] === s && r[1] === c)).filter(Boolean).map((r) => r[2].toFixed(1)).join(', ')}`;
  return svg(W, H, 'Peak memory of a file copy, by file size',
    `Peak resident set in MiB of each copy of a ${sizes.map(sizeLabel).join(', ')} file, in that order. ` +
    `${copies.map(say).join('; ')}.`, body);
}

/** Chapter 6: requests per second of each run, keep-alive on and off, the chapter's server beside Node 20. */
function httpChart() {
  const rows = read('http_vs_node.tsv');
  const runs = [...new Set(rows.map((r) => r[0]))];
  const servers = [['rust', 'this chapter', '#2f6db3'], ['node20', 'Node 20', '#3a8a2f']];
  const W = 400, left = 64, right = 50, top = 74, bar = 13, head = 20, gap = 10;
  const block = servers.length * (bar + 2) + gap;
  const panel = head + runs.length * block;
  const bottom = top + 2 * panel;
  const H = bottom + 40;
  const vmax = Math.ceil(Math.max(...rows.map((r) => r[4])) / 10000) * 10000;
  const x = (v) => left + (v / vmax) * (W - left - right);
  let body = text(W / 2, 20, 'Hello-world over HTTP, three runs', { size: 14, anchor: 'middle', weight: 700, fill: '#1b1b1b' });
  body += text(W / 2, 36, 'requests per second, more is better; wrk -t1 -c32 -d5s', { size: 12, anchor: 'middle' });
  servers.forEach(([, label, color], i) => {
    const lx = 110 + i * 110;
    body += rect(lx, 47, 12, 12, color);
    body += text(lx + 17, 57, label, { size: 12 });
  });
  for (let v = 0; v <= vmax; v += 10000) {
    body += text(x(v), bottom + 6, v ? `${v / 1000}k` : '0', { size: 11, anchor: 'middle' });
  }
  ['on', 'off'].forEach((ka, pi) => {
    const py = top + pi * panel;
    for (let v = 0; v <= vmax; v += 10000) {
      body += line(x(v), py + head - 4, x(v), py + panel - gap + 2, v === 0 ? '#777' : '#e3e3e3');
    }
    body += text(8, py + 14, `keep-alive ${ka}`, { size: 12, weight: 600, fill: '#1b1b1b' });
    runs.forEach((run, ri) => {
      const by = py + head + ri * block;
      const load = rows.find((r) => r[0] === run)[1];
      body += text(8, by + 11, `run ${run}`, { size: 12 });
      body += text(8, by + 25, `load ${load}`, { size: 11, fill: '#555' });
      servers.forEach(([name, , color], si) => {
        const r = rows.find((row) => row[0] === run && row[2] === name && row[3] === ka);
        if (!r) return;
        const y = by + si * (bar + 2);
        body += rect(x(0), y, x(r[4]) - x(0), bar, color);
        body += text(x(r[4]) + 4, y + 11, fmt(r[4]), { size: 11 });
      });
    });
  });
  const last = runs[runs.length - 1];
  body += text(8, H - 12, `Run ${last} ran a faster Conn::fill than the runs before it.`, { size: 11 });
  const say = (run) => ['on', 'off'].map((ka) => `keep-alive ${ka} ` +
    servers.map(([name, label]) => `${label} ${fmt(rows.find((r) => r[0] === run && r[2] === name && r[3] === ka)[4])}`).join(', ')).join('; ');
  return svg(W, H, 'Hello-world over HTTP: the chapter\'s server and Node 20, requests per second',
    `Requests per second in ${runs.length} runs under wrk, keep-alive on and off. ` +
    `${runs.map((run) => `Run ${run} (load ${rows.find((r) => r[0] === run)[1]}): ${say(run)}`).join('. ')}.`, body);
}

/** Chapter 7: requests served per worker, four bars per run, with the busiest worker's excess over the mean. */
function distributionChart() {
  const rows = read('distribution.tsv');
  const clusters = [...new Set(rows.map((r) => r[0]))];
  const W = 400, left = 36, right = 6, top = 58, plot = 120, sgap = 18, rgap = 8;
  const panel = 20 + 16 + plot + 40;
  const H = top + clusters.length * panel;
  const ymax = 180;
  const spread = (served) => {
    const mean = served.reduce((a, b) => a + b, 0) / served.length;
    return `${(Math.max(...served) / mean - 1) * 100 >= 0 ? '+' : '−'}${Math.abs(Math.round((Math.max(...served) / mean - 1) * 100))} %`;
  };
  let body = text(W / 2, 20, 'Requests served per worker', { size: 14, anchor: 'middle', weight: 700, fill: '#1b1b1b' });
  body += text(W / 2, 36, '4 workers, 400 requests, 8 at a time; three runs each', { size: 12, anchor: 'middle' });
  body += text(W / 2, 50, 'above each run: its busiest worker over the mean of 100', { size: 11, anchor: 'middle' });
  clusters.forEach((cluster, ci) => {
    const py = top + ci * panel;
    const color = cluster === 'this chapter' ? '#2f6db3' : '#3a8a2f';
    const mine = rows.filter((r) => r[0] === cluster);
    const strategies = [...new Set(mine.map((r) => r[1]))];
    const base = py + 36 + plot;
    const y = (v) => base - (v / ymax) * plot;
    body += text(8, py + 16, cluster === 'this chapter' ? 'this chapter' : `real ${cluster} cluster`, { size: 12, weight: 600, fill: '#1b1b1b' });
    for (const v of [0, 50, 100, 150]) {
      body += line(left, y(v), W - right, y(v), v === 100 ? '#999' : '#e3e3e3', 1, v === 100 ? '4 3' : '');
      body += text(left - 5, y(v) + 4, v, { size: 11, anchor: 'end' });
    }
    const sw = (W - left - right - sgap * (strategies.length - 1)) / strategies.length;
    strategies.forEach((strategy, si) => {
      const sx = left + si * (sw + sgap);
      const runs = mine.filter((r) => r[1] === strategy);
      const rw = (sw - 4 - rgap * (runs.length - 1)) / runs.length;
      runs.forEach((r, ri) => {
        const rx = sx + 4 + ri * (rw + rgap);
        const served = r.slice(3);
        const bw = rw / served.length;
        served.forEach((n, wi) => { body += rect(rx + wi * bw + 0.5, y(n), bw - 1, base - y(n), color); });
        body += text(rx + rw / 2, py + 32, spread(served), { size: 11, anchor: 'middle', weight: 600, fill: '#1b1b1b' });
        body += text(rx + rw / 2, base + 14, `run ${r[2]}`, { size: 11, anchor: 'middle' });
      });
      body += text(sx + sw / 2, base + 30, strategy, { size: 12, anchor: 'middle', weight: 600, fill: '#1b1b1b' });
    });
  });
  const say = (cluster, strategy) => `${cluster}, ${strategy}: ` +
    rows.filter((r) => r[0] === cluster && r[1] === strategy).map((r) => r.slice(3).join('/')).join(', ');
  const pairs = [...new Set(rows.map((r) => `${r[0]}\t${r[1]}`))].map((p) => p.split('\t'));
  return svg(W, H, 'Requests served per worker: round-robin against shared accept, this chapter and real Node 20',
    `Requests each of 4 workers served out of 400, three runs per strategy. ${pairs.map(([c, s]) => say(c, s)).join('; ')}.`, body);
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

/** Rewrites data/NAME, keeping its `#` header, with `rows`; `from` says where they came from. */
function writeTsv(name, rows, from) {
  const file = path.join(root, 'data', name);
  const header = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('#') && !l.startsWith('# (from'));
  const body = rows.map((r) => r.map((c) => (typeof c === 'number' ? +c.toFixed(2) : c)).join('\t'));
  fs.writeFileSync(file, [...header.slice(0, -1), `# (from ${from})`, header[header.length - 1], ...body, ''].join('\n'));
}

const today = () => new Date().toISOString().slice(0, 10);

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
  writeTsv('read_chunks.tsv', ranges(cells), `${files.length} bench runs`);
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
  writeTsv('string_vs_buffer.tsv', ranges(cells).map(([b, s, lo, hi]) => [b, s, first[`${b}\t${s}`], lo, hi]), `${files.length} bench runs`);
}

/** Parses one copy output: peak RSS and MiB/s per file size and copy. */
function fromCopy(files) {
  const [file] = files;
  const text = fs.readFileSync(file, 'utf8');
  const rows = [];
  for (const l of text.split('\n')) {
    const m = l.match(/^\s*(\d+) MiB {2}(.+?)\s+([\d.]+) MiB peak RSS\s+([\d.]+) MiB\/s\s*$/);
    if (m) rows.push([Number(m[1]), m[2], Number(m[3]), Number(m[4])]);
  }
  if (!rows.length) throw new Error(`${file}: no "64 MiB  cp  2.1 MiB peak RSS  432 MiB/s" lines`);
  const load = (text.match(/^load average ([^;\s]+)/m) || [])[1] || 'unknown';
  writeTsv('copy.tsv', rows.map((r) => [r[0], r[1], +r[2].toFixed(1), Math.round(r[3])]), `one run on ${today()}, load average ${load}`);
}

/** Parses http_vs_node outputs, one run each: requests/s and p99 per server and keep-alive. */
function fromHttpVsNode(files) {
  const rows = [];
  let node = 'node unknown';
  files.forEach((file, i) => {
    const text = fs.readFileSync(file, 'utf8');
    const load = (text.match(/^# hello-world, .*load (\S+)/m) || [])[1] || 'unknown';
    node = (text.match(/^# (node \S+)/m) || [])[1] || node;
    for (const l of text.split('\n')) {
      const m = l.match(/^(\w+)\t(on|off)\t(\d+)\t([\d.]+)(us|ms|s)$/);
      if (!m) continue;
      const p99 = Number(m[4]) * { us: 0.001, ms: 1, s: 1000 }[m[5]];
      rows.push([i + 1, isNaN(load) ? load : +Number(load).toFixed(1), m[1], m[2], Number(m[3]), +p99.toFixed(1)]);
    }
  });
  if (!rows.length) throw new Error('no "rust\ton\t46400\t16.10ms" lines');
  writeTsv('http_vs_node.tsv', rows, `${files.length} runs on ${today()}, ${node}`);
}

/** Parses one distribution output: requests served per worker, per cluster, strategy and run. */
function fromDistribution(files) {
  const [file] = files;
  const names = { shared: 'shared accept', rr: 'SCHED_RR', none: 'SCHED_NONE' };
  const rows = [];
  for (const l of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = l.match(/^\| (this chapter|Node 20) \| ([\w-]+) \| (\d+) \| \[([\d, ]+)\] \|/);
    if (m) rows.push([m[1], names[m[2]] || m[2], Number(m[3]), ...m[4].split(',').map(Number)]);
  }
  if (!rows.length) throw new Error(`${file}: no "| this chapter | shared | 1 | [95, 115, 96, 94] |" lines`);
  writeTsv('distribution.tsv', rows, `one run of the bench on ${today()}`);
}

const args = process.argv.slice(2);
const modes = {
  '--read-chunks': fromReadChunks,
  '--string-vs-buffer': fromStringVsBuffer,
  '--copy': fromCopy,
  '--http-vs-node': fromHttpVsNode,
  '--distribution': fromDistribution,
};
if (args.length) {
  if (!modes[args[0]] || args.length < 2) {
    console.error(`usage: node book/scripts/charts.js [${Object.keys(modes).join('|')} FILE…]`);
    process.exit(2);
  }
  modes[args[0]](args.slice(1));
}

const img = path.join(root, 'src', 'img');
const charts = {
  'ch04-copy.svg': copyChart,
  'read-chunks.svg': readChunks,
  'string-vs-buffer.svg': stringVsBuffer,
  'ch06-bench.svg': httpChart,
  'round-robin-vs-shared.svg': distributionChart,
};
for (const [name, draw] of Object.entries(charts)) {
  fs.writeFileSync(path.join(img, name), draw());
  console.log(`wrote book/src/img/${name}`);
}
