/**
 * Created and finished jobs per minute as a small uPlot chart (canvas, ~50 KB, no dependencies),
 * with the same figures as a table for screen readers and keyboard users (uPlot's canvas has no
 * accessible content of its own).
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PerMinute } from '../overview/perMinute.js';

const CHART_HEIGHT = 200;
const CREATED_COLOUR = '#2463eb';
const FINISHED_COLOUR = '#15803d';

export function PerMinuteChart({ perMinute }: { perMinute: PerMinute }) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const chart = new uPlot(
      {
        width: element.clientWidth || 600,
        height: CHART_HEIGHT,
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, max)] } },
        axes: [{}, { label: 'jobs per minute', size: 56 }],
        // The legend names the series; hovering does not rewrite it (the table below holds the figures).
        legend: { live: false },
        series: [
          {},
          { label: 'created', stroke: CREATED_COLOUR, width: 2, points: { show: false } },
          { label: 'finished', stroke: FINISHED_COLOUR, width: 2, dash: [6, 3], points: { show: false } },
        ],
      },
      [[], [], []],
      element,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: CHART_HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = undefined;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData([perMinute.minutes, perMinute.created, perMinute.finished]);
  }, [perMinute]);

  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return (
    <figure className="chart">
      <div ref={container} aria-hidden="true" />
      <figcaption>
        In the last hour: {sum(perMinute.created)} created, {sum(perMinute.finished)} finished
        {perMinute.truncated ? ` (the newest ${perMinute.jobsRead.toLocaleString()} jobs only)` : ''}.
      </figcaption>
      <details>
        <summary>Per-minute figures as a table</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Jobs created and finished per minute</caption>
            <thead>
              <tr>
                <th scope="col">minute</th>
                <th scope="col">created</th>
                <th scope="col">finished</th>
              </tr>
            </thead>
            <tbody>
              {perMinute.minutes.map((minute, index) =>
                perMinute.created[index] || perMinute.finished[index] ? (
                  <tr key={minute}>
                    <td>{new Date(minute * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}</td>
                    <td>{perMinute.created[index]}</td>
                    <td>{perMinute.finished[index]}</td>
                  </tr>
                ) : null,
              )}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
