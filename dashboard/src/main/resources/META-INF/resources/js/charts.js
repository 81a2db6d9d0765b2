// uPlot wrappers: dark axes, a log or linear y axis, vertical markers (alerts, NaN epochs), horizontal lines
// (the floor that stands for exactly 0 on a log axis) and PNG export.
/* global uPlot */

const AXIS = {
  stroke: '#8b98a8',
  grid: { stroke: '#232c38', width: 1 },
  ticks: { stroke: '#2a3441', width: 1 },
  font: '11px system-ui, sans-serif',
  labelFont: '12px system-ui, sans-serif',
};

const WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];

function tick(v) {
  if (v === null || v === undefined) return '';
  const abs = Math.abs(v);
  if (v === 0) return '0';
  if (abs >= 1e4 || abs < 1e-2) return v.toExponential(0);
  return String(+v.toPrecision(3));
}

/** Draws a dashed vertical line with a short label for each marker ({x, colour, label}). */
function markerPlugin(markers) {
  return {
    hooks: {
      draw: [(u) => {
        const list = markers();
        // What was drawn, for the browser tests and for people poking at the page from the console.
        u.markerLabels = list.map((m) => m.label);
        if (!list.length) return;
        const dpr = window.devicePixelRatio || 1;
        const { ctx } = u;
        const { top, height, left, width } = u.bbox;
        ctx.save();
        // uPlot leaves the axes' text alignment on the context.
        ctx.textAlign = 'left';
        ctx.textBaseline = 'alphabetic';
        ctx.font = `${11 * dpr}px system-ui, sans-serif`;
        list.forEach((m, i) => {
          const x = Math.round(u.valToPos(m.x, 'x', true));
          if (!Number.isFinite(x) || x < left - 1 || x > left + width + 1) return;
          ctx.strokeStyle = m.colour;
          ctx.fillStyle = m.colour;
          ctx.lineWidth = 1.5 * dpr;
          ctx.setLineDash([5 * dpr, 4 * dpr]);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.setLineDash([]);
          const labelWidth = ctx.measureText(m.label).width;
          const labelX = x + 4 * dpr + labelWidth > left + width ? x - 4 * dpr - labelWidth : x + 4 * dpr;
          ctx.fillText(m.label, labelX, top + (12 + 13 * (i % 3)) * dpr);
        });
        ctx.restore();
      }],
    },
  };
}

/** Draws a dashed horizontal line with a label at its left end for each line ({y, colour, label}). */
function horizontalLinePlugin(lines) {
  return {
    hooks: {
      draw: [(u) => {
        const list = lines();
        u.lineLabels = list.map((l) => l.label);
        if (!list.length) return;
        const dpr = window.devicePixelRatio || 1;
        const { ctx } = u;
        const { left, width } = u.bbox;
        ctx.save();
        ctx.textAlign = 'left';
        ctx.textBaseline = 'bottom';
        ctx.font = `${11 * dpr}px system-ui, sans-serif`;
        for (const line of list) {
          const y = Math.round(u.valToPos(line.y, 'y', true));
          if (!Number.isFinite(y)) continue;
          ctx.strokeStyle = line.colour;
          ctx.fillStyle = line.colour;
          ctx.lineWidth = 1 * dpr;
          ctx.setLineDash([2 * dpr, 3 * dpr]);
          ctx.beginPath();
          ctx.moveTo(left, y);
          ctx.lineTo(left + width, y);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillText(line.label, left + 6 * dpr, y - 3 * dpr);
        }
        ctx.restore();
      }],
    },
  };
}

/**
 * After every draw, the chart's container dispatches a bubbling `initwatch:drawn` event with the points and series
 * just drawn: nothing on the page listens, it is there for DashboardRenderBenchmark and dev tools to time from an
 * event's send() to its point on the canvas without polling the page.
 */
function drawnEventPlugin(container) {
  return {
    hooks: {
      draw: [(u) => container.dispatchEvent(new CustomEvent('initwatch:drawn',
        { bubbles: true, detail: { points: u.data[0].length, series: u.data.length - 1 } }))],
    },
  };
}

/**
 * A line chart. series: [{label, colour, width?, dash?, points?}]; data: [xs, ...ys] with null for gaps.
 * xRange(): [min, max] or null; markers(): [{x, colour, label}]; lines(): [{y, colour, label}].
 */
export function lineChart(container, { xLabel, yLabel, series, data, log = false, height = 260, legend = true,
  xRange = () => null, markers = () => [], lines = () => [] }) {
  const width = Math.max(320, container.clientWidth || 0);
  const options = {
    width,
    height,
    scales: {
      x: {
        time: false,
        range: (u, min, max) => {
          const fixed = xRange();
          if (fixed) return fixed;
          if (min === null || min === undefined) return [0, 1];
          return min === max ? [min - 1, max + 1] : [min, max];
        },
      },
      y: log
        ? { distr: 3, log: 10, range: (u, min, max) => (min === null || min === undefined ? [1e-3, 10] : uPlot.rangeLog(min, max, 10, true)) }
        : { range: (u, min, max) => (min === null || min === undefined ? [0, 1] : uPlot.rangeNum(Math.min(0, min), max, 0.1, true)) },
    },
    axes: [
      // Epochs and layers are whole numbers: never a tick at 2.5.
      { ...AXIS, label: xLabel, size: 40, incrs: WHOLE_STEPS },
      { ...AXIS, label: yLabel, size: 64, values: (u, values) => values.map(tick) },
    ],
    series: [
      { label: xLabel },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.colour,
        width: s.width ?? 2,
        dash: s.dash,
        spanGaps: false,
        points: { show: s.points ?? true, size: 5, fill: s.colour },
        value: (u, v) => (v === null || v === undefined ? '—' : tick(v)),
      })),
    ],
    legend: { show: legend, live: true },
    cursor: { drag: { x: true, y: false } },
    plugins: [markerPlugin(markers), horizontalLinePlugin(lines), drawnEventPlugin(container)],
  };
  container.replaceChildren();
  const chart = new uPlot(options, data, container);
  chart.entries = series.map((s) => ({ label: s.label, colour: s.colour }));
  return chart;
}

/**
 * Creates the chart named `name` in `registry` when its shape changed (run, scale, series: `key`), else only
 * swaps the data, which keeps live updates cheap.
 */
export function upsertChart(registry, name, container, key, options) {
  const existing = registry[name];
  if (existing && existing.key === key) {
    existing.setData(options.data);
    fitWidth(existing, container);
    return existing;
  }
  if (existing) existing.destroy();
  const chart = lineChart(container, options);
  chart.key = key;
  registry[name] = chart;
  return chart;
}

/** Keeps charts at their container's width. */
export function fitWidth(chart, container) {
  const width = Math.max(320, container.clientWidth || 0);
  if (chart && Math.abs(chart.width - width) > 2) chart.setSize({ width, height: chart.height });
}

/** A PNG of a canvas with a title above it and the legend entries ({label, colour}) below it. */
export function exportCanvasPng(source, title, entries, fileName) {
  const dpr = window.devicePixelRatio || 1;
  const pad = 12 * dpr;
  const titleHeight = 26 * dpr;
  const rowHeight = 18 * dpr;
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  ctx.font = `${12 * dpr}px system-ui, sans-serif`;
  const rows = [];
  let row = [];
  let rowWidth = 0;
  const maxWidth = source.width;
  for (const entry of entries) {
    const w = 22 * dpr + ctx.measureText(entry.label).width + 14 * dpr;
    if (rowWidth + w > maxWidth && row.length) {
      rows.push(row);
      row = [];
      rowWidth = 0;
    }
    row.push({ ...entry, w });
    rowWidth += w;
  }
  if (row.length) rows.push(row);
  out.width = source.width + 2 * pad;
  out.height = titleHeight + source.height + rows.length * rowHeight + 2 * pad;
  ctx.fillStyle = '#161c24';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#dbe2ea';
  ctx.font = `600 ${14 * dpr}px system-ui, sans-serif`;
  ctx.fillText(title, pad, pad + 16 * dpr);
  ctx.drawImage(source, pad, pad + titleHeight);
  ctx.font = `${12 * dpr}px system-ui, sans-serif`;
  rows.forEach((r, i) => {
    let x = pad;
    const y = pad + titleHeight + source.height + i * rowHeight + 13 * dpr;
    for (const entry of r) {
      ctx.fillStyle = entry.colour;
      ctx.fillRect(x, y - 9 * dpr, 16 * dpr, 4 * dpr);
      ctx.fillStyle = '#dbe2ea';
      ctx.fillText(entry.label, x + 22 * dpr, y);
      x += entry.w;
    }
  });
  const link = document.createElement('a');
  link.download = fileName;
  link.href = out.toDataURL('image/png');
  link.click();
  return link.href;
}

export function exportChartPng(chart, title, fileName) {
  return exportCanvasPng(chart.ctx.canvas, title, chart.entries, fileName);
}
