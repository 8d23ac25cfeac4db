"""Training: the head, lips and torso stages, progress events, checkpoints, resume and cancel.

One step draws one training frame. Head: ``rays_per_step`` random pixels (with replacement), MSE re-weighted by
the composited uncertainty, the uncertainty and attention terms of ER-NeRF. Lips: alternately the whole lip
square and random patches around the lower face, L1 + D-SSIM + gradient loss. Torso: the head frozen (no
gradient, no optimizer, no grid updates), the 2D torso trained on random pixels of the full composite.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from ernerf.avatar import Avatar, Intrinsics, load_checkpoint, save_checkpoint
from ernerf.config import PRESETS, STAGES, Preset, Stage, TrainConfig
from ernerf.data import ErnerfDataset
from ernerf.losses import binary_entropy, lips_loss, psnr

CHECKPOINT_NAME = "checkpoint.pt"


@dataclass
class ProgressEvent:
    """One report from a training run, sent every log interval (and on validation/preview/checkpoint steps)."""

    stage: Stage
    iteration: int  # iteration within the stage, 1-based
    stage_iterations: int
    loss: float  # mean photometric training loss since the previous event (MSE; lips: L1 + D-SSIM + gradient)
    psnr: float | None  # validation PSNR, only on validation steps
    it_per_s: float
    eta_s: float | None  # for the remaining iterations of all stages of this run
    preview_png: bytes | None = None  # a validation frame rendered at this step
    checkpoint: Path | None = None  # a checkpoint file was written at this step


@dataclass
class TrainingResult:
    checkpoint: Path  # the last checkpoint written (self-contained: AvatarRuntime.load reads it)
    stopped: bool  # should_stop ended the run early
    history: list[dict] = field(default_factory=list)  # one dict per event: stage, iteration, loss, psnr
    final_psnr: float | None = None


def lr_factor(stage: Stage, iteration: int, iterations: int) -> float:
    """ER-NeRF's per-step decay: 0.5^(it/iters) for head and torso; the lips stage continues the head's run at
    0.05^(progress), progress going from 0.8 to 1 (its 100k of 125k steps)."""
    progress = iteration / max(iterations, 1)
    if stage == "lips":
        return 0.05 ** (0.8 + 0.2 * progress)
    return 0.5**progress


def png_bytes(image: torch.Tensor) -> bytes:
    import cv2

    rgb = (image.clamp(0, 1) * 255 + 0.5).to(torch.uint8).cpu().numpy()
    ok, encoded = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return encoded.tobytes() if ok else b""


def pick_device(name: str) -> torch.device:
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(f"device {name} asked for, but CUDA is not available")
    return device


class TrainingRun:
    """Trains the stages of ``config`` on the dataset in ``dataset_dir``; checkpoints go to ``work_dir``.

    ``resume_from``: a checkpoint file; training continues at its stage and iteration with the optimizer and RNG
    state restored (when that stage is in ``config.stages``; otherwise its weights start the first stage).
    ``should_stop`` is polled every log interval; on stop a checkpoint is written and the result says
    ``stopped=True``."""

    def __init__(self, dataset_dir: Path, config: TrainConfig, work_dir: Path, resume_from: Path | None = None) -> None:
        if config.preset not in PRESETS:
            raise ValueError(f"unknown preset {config.preset!r}; choose from {sorted(PRESETS)}")
        unknown = [s for s in config.stages if s not in STAGES]
        if unknown or not config.stages:
            raise ValueError(f"stages must be a non-empty subset of {STAGES}, not {config.stages!r}")
        self.dataset_dir = Path(dataset_dir)
        self.config = config
        self.work_dir = Path(work_dir)
        self.resume_from = Path(resume_from) if resume_from else None
        self.checkpoint_path = self.work_dir / CHECKPOINT_NAME

    # -- set-up ------------------------------------------------------------------------------------------------
    def _build(self) -> tuple[ErnerfDataset, Avatar, dict | None]:
        self.device = pick_device(self.config.device)
        saved = load_checkpoint(self.resume_from) if self.resume_from else None
        preset = Preset.from_dict(saved["preset"]) if saved else PRESETS[self.config.preset]
        self.preset = preset
        data = ErnerfDataset(self.dataset_dir, lips_minimum=preset.lips_patch)
        torch.manual_seed(self.config.seed)  # network initialisation
        intrinsics = Intrinsics(data.focal, data.cx, data.cy, data.height, data.width)
        avatar = Avatar(
            preset,
            intrinsics,
            int(data.audio.shape[-1]),
            len(data.train.ids),
            data.background,
            data.train.poses,
            data.train.eye,
            self.device,
        )
        if self.device.type == "cuda":
            avatar.autocast_dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        if saved:
            restored = Avatar.from_payload(saved, self.device)
            avatar.head.load_state_dict(restored.head.state_dict())
            avatar.torso.load_state_dict(restored.torso.state_dict())
            avatar.grid.load(restored.grid.state())
            avatar.torso_trained = restored.torso_trained
        else:
            avatar.grid.mark_unseen(
                data.train.poses.to(self.device), data.focal, data.cx, data.cy, data.height, data.width
            )
        if self.config.compile:
            avatar.compile()
        self.generator = torch.Generator().manual_seed(self.config.seed)
        if saved:
            self.generator.set_state(saved["generator"])
        return data, avatar, saved

    def _optimizer(self, stage: Stage, avatar: Avatar) -> torch.optim.Optimizer:
        p = self.preset
        if stage == "torso":
            groups = [
                {"params": list(avatar.torso.grid.parameters()), "lr": p.torso_lr_grid},
                {
                    "params": [q for n, q in avatar.torso.named_parameters() if not n.startswith("grid.")],
                    "lr": p.torso_lr_net,
                },
            ]
        else:
            att = {id(q) for q in avatar.head.audio_att_net.parameters()}
            groups = [
                {"params": avatar.head.grid_parameters(), "lr": p.lr_grid},
                {"params": [q for q in avatar.head.net_parameters() if id(q) not in att], "lr": p.lr_net},
                {"params": list(avatar.head.audio_att_net.parameters()), "lr": 5e-3, "weight_decay": 1e-4},
            ]
        for group in groups:
            group["base_lr"] = group["lr"]
        return torch.optim.AdamW(groups, betas=(0.0, 0.99), eps=1e-8, weight_decay=0.0)

    # -- the run -----------------------------------------------------------------------------------------------
    def run(self, on_event: Callable[[ProgressEvent], None], should_stop: Callable[[], bool]) -> TrainingResult:
        deterministic, threads = torch.are_deterministic_algorithms_enabled(), torch.get_num_threads()
        if torch.device(self.config.device).type == "cpu":
            torch.use_deterministic_algorithms(True)  # fp32 on CPU, reproducible to the bit
        if self.config.threads:
            # on a busy machine, OpenMP threads spin-waiting on these small tensors cost far more than they give
            torch.set_num_threads(self.config.threads)
        try:
            return self._run(on_event, should_stop)
        finally:
            torch.use_deterministic_algorithms(deterministic)
            torch.set_num_threads(threads)

    def _run(self, on_event: Callable[[ProgressEvent], None], should_stop: Callable[[], bool]) -> TrainingResult:
        data, avatar, saved = self._build()
        self.data, self.avatar = data, avatar
        stages = list(self.config.stages)
        history: list[dict] = list(saved["history"]) if saved else []
        start_index, start_iteration = 0, 0
        if saved and saved["stage"] in stages:
            start_index, start_iteration = stages.index(saved["stage"]), int(saved["iteration"])
        totals = {s: self.config.stage_iterations(s) for s in stages}
        remaining = sum(totals[s] for s in stages[start_index:]) - start_iteration
        final_psnr: float | None = None
        checkpoint: Path | None = None
        for index in range(start_index, len(stages)):
            stage = stages[index]
            iterations = totals[stage]
            first = start_iteration if index == start_index else 0
            optimizer = self._optimizer(stage, avatar)
            if saved and index == start_index and first > 0 and saved.get("optimizer"):
                optimizer.load_state_dict(saved["optimizer"])
            for module, trains in ((avatar.head, stage != "torso"), (avatar.torso, stage == "torso")):
                module.requires_grad_(trains)
            losses: list[float] = []
            clock = time.perf_counter()
            last_iteration = first
            for iteration in range(first + 1, iterations + 1):
                factor = lr_factor(stage, iteration, iterations)
                for group in optimizer.param_groups:
                    group["lr"] = group["base_lr"] * factor
                optimizer.zero_grad(set_to_none=True)
                loss, photometric = self._step(stage, iteration, iterations)
                loss.backward()
                optimizer.step()
                losses.append(photometric)
                remaining -= 1
                if stage != "torso" and iteration % self.preset.grid_update_every == 0:
                    self._update_grid()
                if stage == "torso":
                    avatar.torso_trained = True
                cfg = self.config
                due = {
                    "log": iteration % cfg.log_every == 0,
                    "validate": iteration % cfg.validate_every == 0 or iteration == iterations,
                    "preview": iteration % cfg.preview_every == 0,
                    "checkpoint": iteration % cfg.checkpoint_every == 0 or iteration == iterations,
                }
                if not any(due.values()):
                    continue
                stop = due["log"] and should_stop()
                elapsed = max(time.perf_counter() - clock, 1e-9)
                rate = (iteration - last_iteration) / elapsed
                value = None
                preview = None
                if due["validate"] or due["preview"] or stop:
                    image, value = self._validate()
                    final_psnr = value
                    preview = png_bytes(image) if due["preview"] or stop else None
                    if not (due["validate"] or stop):
                        value = None
                entry: dict = {
                    "stage": stage,
                    "iteration": iteration,
                    "loss": float(np.mean(losses)) if losses else math.nan,
                    "psnr": value,
                    "it_per_s": rate,
                }
                history.append(entry)
                if due["checkpoint"] or stop:  # the history in the file includes this step
                    checkpoint = self._save(stage, iteration, optimizer, history)
                on_event(
                    ProgressEvent(
                        stage=stage,
                        iteration=iteration,
                        stage_iterations=iterations,
                        loss=entry["loss"],
                        psnr=value,
                        it_per_s=rate,
                        eta_s=remaining / rate if rate > 0 else None,
                        preview_png=preview,
                        checkpoint=checkpoint if (due["checkpoint"] or stop) else None,
                    )
                )
                losses, clock, last_iteration = [], time.perf_counter(), iteration
                if stop:
                    assert checkpoint is not None
                    return TrainingResult(checkpoint, True, history, final_psnr)
        if checkpoint is None:  # nothing left to train (resumed at the very end): still hand back a file
            checkpoint = save_checkpoint(self.checkpoint_path, self._payload(stages[-1], 0, None, history))
        return TrainingResult(checkpoint, False, history, final_psnr)

    def _payload(self, stage: Stage, iteration: int, optimizer: torch.optim.Optimizer | None, history) -> dict:
        payload = self.avatar.payload()
        payload.update(
            {
                "stage": stage,
                "iteration": iteration,
                "config": self.config.to_dict(),
                "optimizer": optimizer.state_dict() if optimizer is not None else None,
                "generator": self.generator.get_state(),
                "history": list(history),
                "fps": 25,
            }
        )
        return payload

    def _save(self, stage: Stage, iteration: int, optimizer: torch.optim.Optimizer, history: list[dict]) -> Path:
        return save_checkpoint(self.checkpoint_path, self._payload(stage, iteration, optimizer, history))

    # -- steps -------------------------------------------------------------------------------------------------
    def _frame(self) -> int:
        return int(torch.randint(len(self.data.train.ids), (1,), generator=self.generator))

    def _conditions(self, f: int, noise: bool) -> tuple[torch.Tensor, torch.Tensor]:
        """The frame's audio code (through the audio nets, with gradient) and its eye scalar (+-0.05 noise)."""
        data, avatar = self.data, self.avatar
        windows = data.audio_windows(int(data.train.ids[f]), self.preset.audio_att_frames).to(self.device)
        audio = avatar.head.encode_audio(windows)
        eye = data.train.eye[f].view(1)
        if noise:
            eye = eye + (torch.rand(1, generator=self.generator) - 0.5) * 0.1
        return audio, eye.to(self.device)

    def _targets(self, f: int, pixels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Ground truth colour, the head stage's background (GT torso over the plate) and the plate alone."""
        u, v = pixels[:, 0].long(), pixels[:, 1].long()
        gt = self.data.train.images[f][v, u].float().to(self.device) / 255
        rgba = self.data.train.torso[f][v, u].float().to(self.device) / 255
        plate = self.data.background[v, u].float().to(self.device) / 255
        bg = rgba[:, :3] * rgba[:, 3:] + plate * (1 - rgba[:, 3:])
        return gt, bg, plate

    def _random_pixels(self, count: int) -> torch.Tensor:
        h, w = self.data.height, self.data.width
        index = torch.randint(h * w, (count,), generator=self.generator)
        return torch.stack([index % w, index // w], dim=-1).float()

    def _step(self, stage: Stage, iteration: int, iterations: int) -> tuple[torch.Tensor, float]:
        """The loss to optimise and the photometric part of it (what progress reports: the uncertainty and
        regularisation terms change weight with progress, so their sum is no measure of fit)."""
        if stage == "head":
            return self._head_step(iteration / iterations)
        if stage == "lips":
            return self._lips_step(iteration)
        return self._torso_step()

    def _head_step(self, progress: float) -> tuple[torch.Tensor, float]:
        avatar, f = self.avatar, self._frame()
        pixels = self._random_pixels(self.preset.rays_per_step)
        audio, eye = self._conditions(f, noise=True)
        gt, bg, _ = self._targets(f, pixels)
        pixels = pixels.to(self.device)
        res = avatar.render_rays(
            self.data.train.poses[f].to(self.device), pixels + 0.5, audio, eye, avatar.head.codes[f], self.generator
        )
        pred = res.rgb + (1 - res.opacity)[:, None] * bg
        err = ((pred - gt) ** 2).mean(dim=-1)
        x0, y0, x1, y1 = (int(c) for c in self.data.train.face[f])
        face = (pixels[:, 0] >= x0) & (pixels[:, 0] < x1) & (pixels[:, 1] >= y0) & (pixels[:, 1] < y1)
        unc = res.uncertainty
        weight = 0.2 + 0.8 * ((1 - progress) + progress * torch.softmax(unc.detach(), 0) * len(unc)).clamp(0, 10)
        loss = (weight * err).mean()
        beta = unc + 1
        if face.any():
            kendall = err.detach()[face] / (2 * beta[face] ** 2) + torch.log(beta[face]) ** 2 / 2
            loss = loss + progress * kendall.mean()
            loss = loss + 1e-4 * progress * (res.eye_gate * res.audio_attention)[face].mean()
        if (~face).any():
            loss = loss + 1e-3 * progress * unc[~face].mean()
            loss = loss + 1e-4 * progress * res.audio_attention[~face].mean()
        return loss + 1e-4 * binary_entropy(res.opacity), float(err.detach().mean())

    def _lips_step(self, iteration: int) -> tuple[torch.Tensor, float]:
        avatar, f, p = self.avatar, self._frame(), self.preset
        h, w = self.data.height, self.data.width
        if iteration % 2 == 0:  # the whole lip square, as one image
            x0, y0, x1, y1 = (int(c) for c in self.data.train.lips[f])
            ys, xs = torch.meshgrid(torch.arange(y0, y1), torch.arange(x0, x1), indexing="ij")
            pixels = torch.stack([xs, ys], dim=-1).reshape(-1, 2).float()
            shape = (1, y1 - y0, x1 - x0)
        else:  # random patches with their centre in the face box
            size = min(p.lips_patch, h, w)
            fx0, fy0, fx1, fy1 = (int(c) for c in self.data.train.face[f])
            lo_x, lo_y = max(fx0 - size // 2, 0), max(fy0 - size // 2, 0)
            hi_x = max(min(fx1 - size // 2, w - size), lo_x + 1)
            hi_y = max(min(fy1 - size // 2, h - size), lo_y + 1)
            span = torch.tensor([hi_x - lo_x, hi_y - lo_y])
            corners = (
                torch.tensor([lo_x, lo_y]) + (torch.rand(p.lips_patches, 2, generator=self.generator) * span).long()
            )
            ys, xs = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")
            offsets = torch.stack([xs, ys], dim=-1).reshape(1, -1, 2)
            pixels = (corners[:, None, :] + offsets).reshape(-1, 2).float()
            shape = (p.lips_patches, size, size)
        audio, eye = self._conditions(f, noise=True)
        gt, bg, _ = self._targets(f, pixels)
        res = avatar.render_rays(
            self.data.train.poses[f].to(self.device),
            pixels.to(self.device) + 0.5,
            audio,
            eye,
            avatar.head.codes[f],
            self.generator,
        )
        pred = res.rgb + (1 - res.opacity)[:, None] * bg
        as_image = lambda x: x.reshape(*shape, 3).permute(0, 3, 1, 2)  # noqa: E731
        loss = lips_loss(as_image(pred), as_image(gt))
        return loss, float(loss.detach())

    def _torso_step(self) -> tuple[torch.Tensor, float]:
        avatar, f = self.avatar, self._frame()
        pixels = self._random_pixels(self.preset.rays_per_step)
        gt, _, plate = self._targets(f, pixels)
        pixels = pixels.to(self.device) + 0.5
        pose = self.data.train.poses[f].to(self.device)
        with torch.no_grad():
            audio, eye = self._conditions(f, noise=False)
            head = avatar.render_rays(pose, pixels, audio, eye, avatar.head.codes[f], self.generator)
        colour, alpha = avatar.torso_colour(pose, pixels, avatar.torso.codes[f], plate)
        pred = head.rgb + (1 - head.opacity)[:, None] * colour
        anchors_w = ((avatar.torso.anchors[:, 3] - 1) ** 2).mean()
        mse = ((pred - gt) ** 2).mean()
        return mse + 1e-4 * binary_entropy(alpha) + anchors_w, float(mse.detach())

    @torch.no_grad()
    def _update_grid(self) -> None:
        """Re-query the occupancy grid with the audio and eye of one random training frame."""
        f = self._frame()
        audio, eye = self._conditions(f, noise=False)
        head = self.avatar.head

        def density(points: torch.Tensor) -> torch.Tensor:
            from ernerf.render import autocast

            with autocast(points.device, self.avatar.autocast_dtype):
                return head.density(points, audio, eye)

        p = self.preset
        self.avatar.grid.update(density, self.generator, p.grid_decay, p.density_thresh, chunk=1 << 18)

    @torch.no_grad()
    def _validate(self) -> tuple[torch.Tensor, float]:
        """The first validation frame, rendered whole (individual code 0, as at test time), and its PSNR."""
        data, avatar = self.data, self.avatar
        windows = data.audio_windows(int(data.val.ids[0]), self.preset.audio_att_frames).to(self.device)
        audio = avatar.head.encode_audio(windows)
        image = avatar.render_image(
            data.val.poses[0], audio, data.val.eye[0].view(1).to(self.device), torso_rgba=data.val.torso[0]
        )
        target = data.val.images[0].to(self.device).float() / 255
        return image, psnr(image, target)
