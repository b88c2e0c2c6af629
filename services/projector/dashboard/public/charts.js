// Thin wrapper over the Chart.js UMD build (window.Chart, served by the hub itself).
// A view creates its charts through one registry, which the app destroys on leaving.

export const FONT_STACK =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif';

export const COLORS = {
  current: '#1f4e79',
  previous: '#a9b7c6',
  elapsed: '#c3ccd6',
  good: '#2e7d4f',
  warn: '#c58a00',
  bad: '#b3261e',
  neutral: '#4f6d8a',
  grid: '#e6eaef',
  text: '#3b4653',
};

/** @param {string} status */
export function statusColor(status) {
  if (status === 'OVER_CAP') return COLORS.bad;
  if (status === 'OVER_SCHEDULE') return COLORS.warn;
  return COLORS.good;
}

/** @typedef {{ destroy(): void }} ChartHandle */

export function createCharts() {
  /** @type {Set<ChartHandle>} */
  const live = new Set();

  /** @param {HTMLCanvasElement} canvas @param {any} config */
  function make(canvas, config) {
    const Chart = /** @type {any} */ (globalThis).Chart;
    if (!Chart) {
      canvas.replaceWith(document.createTextNode(''));
      return null;
    }
    Chart.defaults.font.family = FONT_STACK;
    Chart.defaults.font.size = 12;
    Chart.defaults.color = COLORS.text;
    const chart = new Chart(canvas, config);
    live.add(chart);
    return chart;
  }

  return {
    /**
     * Grouped bars: this year against the previous year for each label.
     * @param {HTMLCanvasElement} canvas
     * @param {{ labels: string[], current: (number | null)[], previous: (number | null)[], currentLabel: string, previousLabel: string, horizontal?: boolean, percent?: boolean }} d
     *   percent: values are percentages (axis 0–100%)
     */
    comparison(canvas, d) {
      const options = baseOptions({ horizontal: d.horizontal, integer: !d.percent });
      if (d.percent) {
        const axis = d.horizontal ? options.scales.x : options.scales.y;
        axis.max = 100;
        axis.grace = 0;
        axis.ticks = { callback: (/** @type {number} */ v) => `${v}%` };
      }
      return make(canvas, {
        type: 'bar',
        data: {
          labels: d.labels,
          datasets: [
            { label: d.previousLabel, data: d.previous, backgroundColor: COLORS.previous, borderRadius: 2 },
            { label: d.currentLabel, data: d.current, backgroundColor: COLORS.current, borderRadius: 2 },
          ],
        },
        options,
      });
    },

    /**
     * Single series bars.
     * @param {HTMLCanvasElement} canvas
     * @param {{ labels: string[], values: number[], label: string, color?: string | string[], horizontal?: boolean }} d
     */
    bars(canvas, d) {
      return make(canvas, {
        type: 'bar',
        data: {
          labels: d.labels,
          datasets: [{ label: d.label, data: d.values, backgroundColor: d.color ?? COLORS.current, borderRadius: 2 }],
        },
        options: { ...baseOptions({ horizontal: d.horizontal, integer: true }), plugins: { legend: { display: false } } },
      });
    },

    /**
     * Death control: share of the cap used against share of the year elapsed.
     * @param {HTMLCanvasElement} canvas
     * @param {{ labels: string[], used: (number | null)[], elapsed: number[], statuses: string[], usedLabel: string, elapsedLabel: string }} d
     */
    usedVsElapsed(canvas, d) {
      const top = Math.max(100, ...d.used.map((v) => v ?? 0), ...d.elapsed);
      const options = baseOptions({ horizontal: true, integer: false });
      options.scales.x.max = top <= 100 ? 100 : Math.ceil(top / 20) * 20;
      options.scales.x.grace = 0;
      // The used bars take their status colour, so the legend is drawn by the view.
      options.plugins.legend = { display: false };
      options.scales.x.ticks = { callback: (/** @type {number} */ v) => `${v}%` };
      options.plugins.tooltip = {
        callbacks: { label: (/** @type {any} */ c) => `${c.dataset.label}: ${Number(c.raw).toFixed(1)}%` },
      };
      return make(canvas, {
        type: 'bar',
        data: {
          labels: d.labels,
          datasets: [
            { label: d.elapsedLabel, data: d.elapsed, backgroundColor: COLORS.elapsed, borderRadius: 2 },
            { label: d.usedLabel, data: d.used, backgroundColor: d.statuses.map(statusColor), borderRadius: 2 },
          ],
        },
        options,
      });
    },

    /**
     * @param {HTMLCanvasElement} canvas
     * @param {{ labels: string[], values: number[], colors: string[] }} d
     */
    doughnut(canvas, d) {
      return make(canvas, {
        type: 'doughnut',
        data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: d.colors, borderWidth: 1 }] },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          cutout: '58%',
          plugins: { legend: { position: 'right', labels: { boxWidth: 12 } } },
        },
      });
    },

    destroyAll() {
      for (const chart of live) chart.destroy();
      live.clear();
    },
  };
}

/** @typedef {ReturnType<typeof createCharts>} Charts */

/** @param {{ horizontal?: boolean, integer: boolean }} o */
function baseOptions({ horizontal = false, integer }) {
  const valueAxis = {
    beginAtZero: true,
    grace: '8%',
    grid: { color: COLORS.grid },
    ticks: integer ? { precision: 0 } : {},
  };
  const categoryAxis = { grid: { display: false } };
  return /** @type {any} */ ({
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    indexAxis: horizontal ? 'y' : 'x',
    scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } }, tooltip: {} },
  });
}
