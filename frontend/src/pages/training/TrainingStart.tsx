/**
 * Start a training from a ready dataset: preset, stages, iterations per stage, seed, and the device — a GPU
 * from `GET /api/v1/system` or the CPU (the API answers how long that will take: `estimate_s` and `warning`).
 * Advanced intervals (log / validate / preview / checkpoint) are left to the preset unless filled in.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import type { Dataset } from "../../api/types";
import { ErrorBox } from "../../components/ErrorBox";
import { queries } from "../../queries";
import {
  PRESET_ITERATIONS, STAGES, trainingQueries, type TrainingCreate, type TrainingPreset, type TrainingStage,
} from "./trainingApi";

const INTERVALS = ["log_every", "validate_every", "preview_every", "checkpoint_every"] as const;
type Interval = (typeof INTERVALS)[number];

/** A positive whole number typed in a field, or undefined when it is empty (the API's default then). */
function count(text: string): number | undefined {
  const value = Number(text);
  return text.trim() === "" || !Number.isInteger(value) ? undefined : value;
}

interface Props {
  dataset: Dataset;
  /** Called with the new training's id once the API accepted it. */
  onStarted: (trainingId: string) => void;
}

export function TrainingStart({ dataset, onStarted }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const system = useQuery(queries.system());
  const [name, setName] = useState(dataset.name);
  const [preset, setPreset] = useState<TrainingPreset>(dataset.preset === "tiny" ? "tiny" : "standard");
  const [stages, setStages] = useState<Set<TrainingStage>>(new Set(STAGES));
  const [iterations, setIterations] = useState<Record<TrainingStage, string>>({ head: "", lips: "", torso: "" });
  const [seed, setSeed] = useState("0");
  const [device, setDevice] = useState("cpu");
  const [intervals, setIntervals] = useState<Record<Interval, string>>(
    { log_every: "", validate_every: "", preview_every: "", checkpoint_every: "" });
  const gpus = system.data?.gpus ?? [];

  const start = useMutation({
    mutationFn: async (body: TrainingCreate) => {
      const accepted = await call(api.POST("/api/v1/trainings", { body }));
      // The answer is the job; the dataset's trainings name the training it runs.
      const listed = await queryClient.fetchQuery({ ...trainingQueries.ofDataset(dataset.id), staleTime: 0 });
      return listed.find((training) => training.job_id === accepted.job.id) ?? null;
    },
    onSuccess: (training) => { if (training) onStarted(training.id); },
  });

  const toggle = (stage: TrainingStage, on: boolean) => {
    setStages((previous) => {
      const next = new Set(previous);
      if (on) next.add(stage); else next.delete(stage);
      return next;
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = STAGES.filter((stage) => stages.has(stage));
    const perStage: Record<string, number> = {};
    for (const stage of chosen) {
      const value = count(iterations[stage]);
      if (value !== undefined) perStage[stage] = value;
    }
    const body: TrainingCreate = {
      dataset_id: dataset.id,
      name: name.trim() || null,
      preset,
      stages: chosen,
      iterations: Object.keys(perStage).length ? perStage : null,
      seed: count(seed) ?? 0,
      gpu: device === "cpu" ? null : Number(device),
    };
    for (const key of INTERVALS) {
      const value = count(intervals[key]);
      if (value !== undefined) body[key] = value;
    }
    start.mutate(body);
  };

  return (
    <form className="form training-start" onSubmit={submit} data-testid="training-start"
      aria-labelledby="training-start-title">
      <h3 id="training-start-title">{t("training.run.start")}</h3>
      <p className="small muted">{t("training.run.startHelp")}</p>
      <label htmlFor="training-name">{t("training.run.avatarName")}</label>
      <input id="training-name" type="text" maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
      <label htmlFor="training-preset">{t("training.run.preset")}</label>
      <select id="training-preset" value={preset} onChange={(event) => setPreset(event.target.value as TrainingPreset)}>
        <option value="standard">{t("training.run.presetStandard")}</option>
        <option value="tiny">{t("training.run.presetTiny")}</option>
      </select>
      <fieldset>
        <legend>{t("training.run.stagesLegend")}</legend>
        <div className="stage-grid">
          {STAGES.map((stage) => (
            <div key={stage} className="stage-row">
              <label className="inline">
                <input type="checkbox" checked={stages.has(stage)} onChange={(event) => toggle(stage, event.target.checked)}
                  data-testid={`stage-${stage}`} />
                {t(`training.run.stages.${stage}`)}
              </label>
              <label className="visually-hidden" htmlFor={`training-iterations-${stage}`}>
                {t("training.run.iterationsOf", { stage: t(`training.run.stages.${stage}`) })}
              </label>
              <input id={`training-iterations-${stage}`} type="number" min={1} step={1} inputMode="numeric"
                disabled={!stages.has(stage)} value={iterations[stage]}
                placeholder={t("training.run.presetDefault", { count: PRESET_ITERATIONS[preset][stage] })}
                onChange={(event) => setIterations((previous) => ({ ...previous, [stage]: event.target.value }))} />
            </div>
          ))}
        </div>
        <p className="small muted">{t("training.run.stagesHelp")}</p>
      </fieldset>
      <label htmlFor="training-device">{t("training.run.device")}</label>
      <select id="training-device" value={device} onChange={(event) => setDevice(event.target.value)}>
        <option value="cpu">{t("training.run.cpu")}</option>
        {gpus.map((gpu) => (
          <option key={gpu.index} value={String(gpu.index)}>
            {t("training.run.gpu", { index: gpu.index, name: gpu.name, memory: Math.round(gpu.memory_total_mb / 1024) })}
          </option>
        ))}
      </select>
      {device === "cpu" && <p className="small warn-text" data-testid="cpu-note">{t("training.run.cpuNote")}</p>}
      {gpus.length === 0 && system.isSuccess && <p className="small muted">{t("training.run.noGpu")}</p>}
      <details>
        <summary>{t("training.run.advanced")}</summary>
        <div className="options-grid">
          <label htmlFor="training-seed">{t("training.run.seed")}</label>
          <input id="training-seed" type="number" min={0} step={1} value={seed} onChange={(event) => setSeed(event.target.value)} />
          {INTERVALS.map((key) => (
            <Fragment key={key}>
              <label htmlFor={`training-${key}`}>{t(`training.run.intervals.${key}`)}</label>
              <input id={`training-${key}`} type="number" min={1} step={1} value={intervals[key]}
                placeholder={t("training.run.presetDefaultShort")}
                onChange={(event) => setIntervals((previous) => ({ ...previous, [key]: event.target.value }))} />
            </Fragment>
          ))}
        </div>
      </details>
      <div className="row">
        <button type="submit" disabled={stages.size === 0 || start.isPending}>
          {start.isPending ? t("training.run.starting") : t("training.run.startSubmit")}
        </button>
      </div>
      <ErrorBox error={start.error} onDismiss={start.reset} />
    </form>
  );
}
