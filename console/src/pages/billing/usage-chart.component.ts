import uplotCss from 'uplot/dist/uPlot.min.css' with { type: 'text' };
import { css, html, LitElement, type PropertyValues, unsafeCSS } from 'lit';
import uPlot from 'uplot';

export interface ChartPoint {
  /** YYYY-MM-DD */
  date: string;
  value: number;
}

/** Pure: uPlot's columns (x in seconds since the epoch, at the day's UTC midnight). */
export function chartColumns(points: ChartPoint[]): [number[], number[]] {
  return [points.map((p) => Date.parse(`${p.date}T00:00:00Z`) / 1000), points.map((p) => p.value)];
}

const token = (el: Element, name: string, fallback: string) =>
  getComputedStyle(el).getPropertyValue(name).trim() || fallback;

/**
 * `<ll-usage-chart .points=… label="…" unit="…" kind="bars|line">`: one uPlot chart sized to its box, in the
 * theme's colours (redrawn when the scheme changes), with the same numbers as a table for screen readers.
 * uPlot's stylesheet is adopted into the shadow root; its own inline positions are set through CSSOM,
 * which the console's CSP (no 'unsafe-inline') allows.
 */
export class UsageChart extends LitElement {
  static override styles = [
    unsafeCSS(uplotCss),
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .plot {
        width: 100%;
        min-height: 220px;
      }
      .uplot {
        font-family: inherit;
      }
      .sr-only {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
    `,
  ];
  static override properties = {
    points: { attribute: false },
    label: {},
    unit: {},
    kind: {},
  };
  declare points: ChartPoint[];
  declare label: string;
  declare unit: string;
  declare kind: 'bars' | 'line';
  private _plot: uPlot | null = null;
  private _resize = new ResizeObserver(() => this._size());
  private _scheme = matchMedia('(prefers-color-scheme: dark)');
  private _redraw = () => this._draw();

  constructor() {
    super();
    this.points = [];
    this.label = '';
    this.unit = '';
    this.kind = 'line';
  }

  override connectedCallback() {
    super.connectedCallback();
    this._scheme.addEventListener('change', this._redraw);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this._scheme.removeEventListener('change', this._redraw);
    this._resize.disconnect();
    this._plot?.destroy();
    this._plot = null;
  }

  override firstUpdated() {
    this._resize.observe(this._box);
  }

  override updated(changed: PropertyValues<this>) {
    if (changed.has('points') || changed.has('kind')) this._draw();
  }

  private get _box() {
    return this.renderRoot.querySelector('.plot') as HTMLElement;
  }

  private _size() {
    const w = this._box?.clientWidth ?? 0;
    if (this._plot && w > 0) this._plot.setSize({ width: w, height: 220 });
  }

  private _draw() {
    const box = this._box;
    if (!box) return;
    this._plot?.destroy();
    const text = token(this, '--wa-color-text-quiet', '#666');
    const grid = token(this, '--wa-color-surface-border', '#ddd');
    const brand = token(this, '--wa-color-brand-fill-loud', '#0b6bcb');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    this._plot = new uPlot(
      {
        width: Math.max(box.clientWidth, 200),
        height: 220,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          // Bars are centred on their day: half a day of room at each end keeps the first and last whole.
          x: { time: true, ...(this.kind === 'bars' ? { range: (_u, min, max) => [min - 43_200, max + 43_200] } : {}) },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [axis, { ...axis, size: 40 }],
        series: [
          {},
          {
            label: this.label,
            stroke: brand,
            width: 2,
            fill: this.kind === 'bars' ? brand : undefined,
            paths: this.kind === 'bars' ? uPlot.paths.bars?.({ size: [0.6, 40] }) : undefined,
            points: { show: false },
          },
        ],
      },
      chartColumns(this.points),
      box,
    );
  }

  override render() {
    return html`<figure>
      <div class="plot" role="img" aria-label=${`${this.label}: chart; the numbers follow as a table`}></div>
      <table class="sr-only">
        <caption>${this.label}</caption>
        <thead><tr><th scope="col">Day</th><th scope="col">${this.unit}</th></tr></thead>
        <tbody>${this.points.map((p) => html`<tr><td>${p.date}</td><td>${p.value}</td></tr>`)}</tbody>
      </table>
    </figure>`;
  }
}
customElements.get('ll-usage-chart') || customElements.define('ll-usage-chart', UsageChart);
