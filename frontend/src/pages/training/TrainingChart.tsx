/**
 * Loss and validation PSNR over the training's steps, as a small SVG chart. Hand-written on purpose: two
 * lines and their axes do not justify a charting library in the bundle (package.json has none).
 * Loss uses the left axis (logarithmic once it spans a decade), PSNR the right one; dashed lines mark where a
 * stage begins. The figure's text alternative says the latest values, for screen readers.
 */
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { TrainingPoint } from "./trainingApi";

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 52, right: 48, top: 12, bottom: 28 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

interface Scale {
  at: (value: number) => number;
  ticks: number[];
  log?: boolean;
}

function linearScale(min: number, max: number): Scale {
  const span = max - min || Math.abs(max) || 1;
  const low = max === min ? min - span / 2 : min;
  const high = max === min ? max + span / 2 : max;
  return {
    at: (value) => PAD.top + PLOT_H * (1 - (value - low) / (high - low)),
    ticks: [low, (low + high) / 2, high],
  };
}

function logScale(min: number, max: number): Scale {
  const low = Math.log10(min);
  const high = Math.log10(max);
  return {
    at: (value) => PAD.top + PLOT_H * (1 - (Math.log10(value) - low) / (high - low)),
    ticks: [min, 10 ** ((low + high) / 2), max],
    log: true,
  };
}

/** A tick's label with as many decimals as the axis' span needs to tell its ticks apart. */
function tickLabel(value: number, scale: Scale): string {
  if (scale.log) return value.toPrecision(2);
  const { ticks } = scale;
  const span = Math.max(...ticks) - Math.min(...ticks);
  const digits = span > 0 ? Math.min(6, Math.max(0, 1 - Math.floor(Math.log10(span)))) : 2;
  return value.toFixed(digits);
}

interface Props {
  history: TrainingPoint[];
  totalSteps: number;
}

export function TrainingChart({ history, totalSteps }: Props) {
  const { t } = useTranslation();
  const titleId = useId();
  const descId = useId();
  const points = history.filter((p) => Number.isFinite(p.loss) && p.loss > 0);
  const psnr = history.filter((p): p is TrainingPoint & { psnr: number } => typeof p.psnr === "number");
  // The x axis spans the steps logged so far (the total is in the text): early in a long run the curve would
  // otherwise be a line at the left edge.
  const lastStep = Math.max(...history.map((p) => p.step), 1);
  const x = (step: number) => PAD.left + (PLOT_W * step) / lastStep;

  const losses = points.map((p) => p.loss);
  const lossMin = Math.min(...losses);
  const lossMax = Math.max(...losses);
  const loss = points.length === 0 ? null : lossMax / lossMin > 10 ? logScale(lossMin, lossMax) : linearScale(lossMin, lossMax);
  const psnrValues = psnr.map((p) => p.psnr);
  const psnrScale = psnr.length === 0 ? null : linearScale(Math.min(...psnrValues), Math.max(...psnrValues));
  const starts = history.filter((p, i) => i > 0 && history[i - 1]?.stage !== p.stage);

  const last = history.at(-1);
  const lastPsnr = psnr.at(-1);
  const summary = last
    ? t("training.run.chartSummary", {
      step: last.step, total: totalSteps, loss: last.loss.toPrecision(3),
      psnr: lastPsnr ? lastPsnr.psnr.toFixed(2) : "—", count: history.length,
    })
    : t("training.run.chartEmpty");

  return (
    <figure className="training-chart" data-testid="training-chart" data-points={history.length}
      data-psnr-points={psnr.length}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descId}`}>
        <title id={titleId}>{t("training.run.chartTitle")}</title>
        <desc id={descId}>{summary}</desc>
        <rect x={PAD.left} y={PAD.top} width={PLOT_W} height={PLOT_H} className="chart-frame" />
        {starts.map((p) => (
          <g key={`stage-${p.step}`}>
            <line x1={x(p.step - p.iteration)} x2={x(p.step - p.iteration)} y1={PAD.top} y2={PAD.top + PLOT_H} className="chart-stage" />
            <text x={x(p.step - p.iteration) + 3} y={PAD.top + 11} className="chart-label">{t(`training.run.stages.${p.stage}`)}</text>
          </g>
        ))}
        {loss && (
          <>
            {loss.ticks.map((tick, i) => (
              <text key={`loss-${i}`} x={PAD.left - 4} y={loss.at(tick) + 4} textAnchor="end" className="chart-label chart-loss-text">
                {tickLabel(tick, loss)}
              </text>
            ))}
            <polyline className="chart-loss" data-testid="chart-loss"
              points={points.map((p) => `${x(p.step).toFixed(1)},${loss.at(p.loss).toFixed(1)}`).join(" ")} />
          </>
        )}
        {psnrScale && (
          <>
            {psnrScale.ticks.map((tick, i) => (
              <text key={`psnr-${i}`} x={WIDTH - PAD.right + 4} y={psnrScale.at(tick) + 4} className="chart-label chart-psnr-text">
                {tickLabel(tick, psnrScale)}
              </text>
            ))}
            <polyline className="chart-psnr"
              points={psnr.map((p) => `${x(p.step).toFixed(1)},${psnrScale.at(p.psnr).toFixed(1)}`).join(" ")} />
            {psnr.map((p) => (
              <circle key={`dot-${p.step}`} cx={x(p.step)} cy={psnrScale.at(p.psnr)} r={3} className="chart-psnr-dot" />
            ))}
          </>
        )}
        <text x={PAD.left} y={HEIGHT - 8} className="chart-label">0</text>
        <text x={PAD.left + PLOT_W} y={HEIGHT - 8} textAnchor="end" className="chart-label">{lastStep}</text>
        <text x={PAD.left + PLOT_W / 2} y={HEIGHT - 8} textAnchor="middle" className="chart-label">{t("training.run.step")}</text>
      </svg>
      <figcaption className="small">
        <span className="chart-key chart-key-loss">{t("training.run.loss")}</span>
        <span className="chart-key chart-key-psnr">{t("training.run.psnr")}</span>
        <span className="muted">{summary}</span>
      </figcaption>
    </figure>
  );
}
