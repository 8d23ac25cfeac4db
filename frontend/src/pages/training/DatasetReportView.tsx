/** What preprocessing measured on a video: problems and warnings first, then every figure of the report. */
import { useTranslation } from "react-i18next";
import type { DatasetIssue, DatasetReport, Spread } from "../../api/types";
import { formatSeconds } from "../../format";

function spread(value: Spread | null | undefined, digits: number, unit = ""): string {
  if (!value) return "—";
  const show = (x: number) => x.toFixed(digits);
  return `${show(value.min)} / ${show(value.median)} / ${show(value.max)}${unit}`;
}

const number = (value: number | null | undefined, digits: number, unit = "") =>
  value == null ? "—" : `${value.toFixed(digits)}${unit}`;

function Issues({ issues, kind }: { issues: DatasetIssue[]; kind: "problem" | "warning" }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <ul className={`issues ${kind === "problem" ? "issues-bad" : "issues-warn"}`} data-testid={`dataset-${kind}s`}>
      {issues.map((issue, index) => (
        <li key={`${issue.code}-${index}`}>
          <strong>{kind === "problem" ? "✖" : "⚠"} <code>{issue.code}</code></strong> {issue.message}
          {issue.measured != null && (
            <span className="muted"> ({t("training.measured")} {issue.measured.toPrecision(3)}
              {issue.limit != null && `, ${t("training.limit")} ${issue.limit.toPrecision(3)}`})</span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function DatasetReportView({ report }: { report: DatasetReport }) {
  const { t } = useTranslation();
  const problems = report.problems ?? [];
  const warnings = report.warnings ?? [];
  const dropped = report.frames_dropped ?? [];
  const pose = report.head_pose;
  const source = report.source_width && report.source_height
    ? `${report.source_width} × ${report.source_height}${report.source_fps ? ` @ ${report.source_fps.toFixed(2)} fps` : ""}`
    : "—";
  return (
    <div className="dataset-report" data-testid="dataset-report">
      <h3>{t("training.report")}</h3>
      <Issues issues={problems} kind="problem" />
      <Issues issues={warnings} kind="warning" />
      {problems.length === 0 && warnings.length === 0 && <p className="ok small">{t("training.noIssues")}</p>}
      <dl className="facts small">
        <dt>{t("training.duration")}</dt><dd>{report.duration_s == null ? "—" : formatSeconds(report.duration_s)}</dd>
        <dt>{t("training.fps")}</dt><dd>{number(report.fps, 0)}</dd>
        <dt>{t("training.resolution")}</dt>
        <dd>{report.width && report.height ? `${report.width} × ${report.height}` : "—"} ({t("training.source")} {source})</dd>
        {report.crop && (<><dt>{t("training.crop")}</dt><dd>x {report.crop[0]}, y {report.crop[1]}, {report.crop[2]} px</dd></>)}
        <dt>{t("training.frames")}</dt>
        <dd>{t("training.framesKept", { kept: report.frames_kept ?? "—", total: report.frames_total ?? "—" })}
          {report.frames_interpolated ? ` · ${t("training.framesInterpolated", { count: report.frames_interpolated })}` : ""}</dd>
        <dt>{t("training.framesDropped")}</dt>
        <dd data-testid="frames-dropped">
          {dropped.length === 0 ? t("common.none") : dropped.map((drop) => `${t(`training.dropReasons.${drop.reason}`, { defaultValue: drop.reason })}: ${drop.count}`).join(" · ")}
        </dd>
        <dt>{t("training.split")}</dt><dd>{t("training.splitValue", { train: report.train_frames ?? "—", val: report.val_frames ?? "—" })}</dd>
        <dt>{t("training.faceHeight")}</dt><dd>{spread(report.face_height_px, 0, " px")}</dd>
        <dt>{t("training.faceFraction")}</dt><dd>{spread(report.face_fraction, 2)}</dd>
        <dt>{t("training.sharpness")}</dt><dd>{spread(report.sharpness, 0)}</dd>
        <dt>{t("training.headPose")}</dt>
        <dd>{pose ? (
          <>{t("training.yaw")} {spread(pose.yaw, 1, "°")}<br />{t("training.pitch")} {spread(pose.pitch, 1, "°")}<br />{t("training.roll")} {spread(pose.roll, 1, "°")}</>
        ) : "—"}</dd>
        <dt>{t("training.focal")}</dt><dd>{number(report.focal_px, 0, " px")}</dd>
        <dt>{t("training.reprojection")}</dt><dd>{spread(report.reprojection_px, 2, " px")}</dd>
        <dt>{t("training.blinkRate")}</dt><dd>{number(report.blink_rate_per_min, 1, ` ${t("training.perMinute")}`)}</dd>
        <dt>{t("training.audioLevel")}</dt><dd>{number(report.audio_dbfs, 1, " dBFS")}</dd>
        <dt>{t("training.audioFeatures")}</dt><dd className="mono">{report.audio_features ?? "—"}</dd>
      </dl>
      <p className="small muted">{t("training.spreadHint")}</p>
    </div>
  );
}
