// The browser demo's requests on a time axis (used by page.mjs, live, and by serve.mjs for
// the finished page and its checks).
//
// `lines` are what the demo logged, each with the time it was logged (`{ text, at }`);
// `requests` are the `request <url>` measures of demo/js/api.js (`{ url, start, end,
// outcome }`). A request belongs to the first line logged after it started: the line
// that reports its phase ("sequential", "join_all", ..., "stream").

/** The phases of the demo: `{ label, requests }`, in the order they were logged. */
export function phasesOf(lines, requests) {
  const phases = lines.map((line) => ({
    label: line.text.split("->")[0].trim(),
    at: line.at,
    requests: [],
  }));
  for (const request of [...requests].sort((a, b) => a.start - b.start)) {
    phases.find((phase) => phase.at >= request.start)?.requests.push(request);
  }
  return phases.filter((phase) => phase.requests.length > 0);
}

const COLORS = { ok: "#2f7ed8", error: "#e8a33d", aborted: "#d9534f", cancelled: "#d9534f" };
const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/**
 * An SVG drawing of `phases`: one group of lanes per phase, each request its own lane,
 * from its start to its end relative to the phase's first request (sequential requests
 * follow one another, fan-outs overlap); a request that did not end on its own (aborted,
 * cancelled) ends in a cut mark.
 */
export function drawTimeline(phases) {
  const width = 930, labelWidth = 120, lane = 14, gap = 8, axis = 24;
  const origins = phases.map((phase) => Math.min(...phase.requests.map((r) => r.start)));
  const span = Math.max(1, ...phases.map((phase, i) => Math.max(...phase.requests.map((r) => r.end - origins[i]))));
  const plot = width - labelWidth - 130;
  const x = (ms) => labelWidth + (ms / span) * plot;
  const parts = [];
  let y = 4;
  phases.forEach((phase, i) => {
    const height = phase.requests.length * lane;
    parts.push(`<text x="0" y="${y + height / 2 + 4}" font-size="12">${escape(phase.label)}</text>`);
    phase.requests.forEach((request, j) => {
      const top = y + j * lane + 2;
      const left = x(request.start - origins[i]);
      const right = Math.max(left + 2, x(request.end - origins[i]));
      const color = COLORS[request.outcome] ?? "#888";
      parts.push(`<rect x="${left.toFixed(1)}" y="${top}" width="${(right - left).toFixed(1)}" height="${lane - 4}" rx="2" fill="${color}"/>`);
      const cut = request.outcome === "aborted" || request.outcome === "cancelled";
      if (cut) {
        parts.push(`<path d="M${right.toFixed(1)} ${top - 2} l5 ${lane / 2} l-5 ${lane / 2}" stroke="${color}" fill="none" stroke-width="2"/>`);
      }
      const note = request.outcome === "ok" ? request.url : `${request.url} (${request.outcome})`;
      parts.push(`<text x="${(right + (cut ? 9 : 4)).toFixed(1)}" y="${top + lane - 5}" font-size="10" fill="#444">${escape(note)}</text>`);
    });
    y += height + gap;
  });
  const step = span > 400 ? 100 : span > 150 ? 50 : 25;
  parts.push(`<line x1="${labelWidth}" y1="${y}" x2="${x(span)}" y2="${y}" stroke="#999"/>`);
  for (let ms = 0; ms <= span; ms += step) {
    parts.push(`<line x1="${x(ms)}" y1="${y}" x2="${x(ms)}" y2="${y + 4}" stroke="#999"/>`);
    parts.push(`<text x="${x(ms)}" y="${y + 16}" font-size="10" text-anchor="middle" fill="#666">${ms} ms</text>`);
  }
  const height = y + axis;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">${parts.join("")}</svg>`;
}
