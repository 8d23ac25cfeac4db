"""Image losses for the lips stage (LPIPS needs downloaded backbones, so L1 + D-SSIM + an image-gradient term),
and PSNR."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F


def _gaussian_window(size: int, sigma: float, device: torch.device) -> torch.Tensor:
    x = torch.arange(size, device=device, dtype=torch.float32) - (size - 1) / 2
    g = torch.exp(-(x**2) / (2 * sigma**2))
    g = g / g.sum()
    return (g[:, None] * g[None, :]).expand(3, 1, size, size).contiguous()


def ssim(pred: torch.Tensor, target: torch.Tensor, window: int = 7) -> torch.Tensor:
    """Mean SSIM of ``[B, 3, H, W]`` images in [0, 1] (Gaussian window, sigma 1.5, valid region only)."""
    w = _gaussian_window(min(window, pred.shape[-1], pred.shape[-2]), 1.5, pred.device)
    mu_x, mu_y = F.conv2d(pred, w, groups=3), F.conv2d(target, w, groups=3)
    var_x = F.conv2d(pred * pred, w, groups=3) - mu_x**2
    var_y = F.conv2d(target * target, w, groups=3) - mu_y**2
    cov = F.conv2d(pred * target, w, groups=3) - mu_x * mu_y
    c1, c2 = 0.01**2, 0.03**2
    value = ((2 * mu_x * mu_y + c1) * (2 * cov + c2)) / ((mu_x**2 + mu_y**2 + c1) * (var_x + var_y + c2))
    return value.mean()


def gradient_loss(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """L1 between the images' horizontal and vertical finite differences (sharp lip edges)."""
    dx = (pred[..., :, 1:] - pred[..., :, :-1]) - (target[..., :, 1:] - target[..., :, :-1])
    dy = (pred[..., 1:, :] - pred[..., :-1, :]) - (target[..., 1:, :] - target[..., :-1, :])
    return dx.abs().mean() + dy.abs().mean()


def lips_loss(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """L1 + 0.2 D-SSIM (TalkingGaussian's weighting) + 0.1 gradient loss, on ``[B, 3, H, W]``."""
    return (pred - target).abs().mean() + 0.2 * (1 - ssim(pred, target)) + 0.1 * gradient_loss(pred, target)


def psnr(pred: torch.Tensor, target: torch.Tensor) -> float:
    mse = float(((pred.float() - target.float()) ** 2).mean())
    return 10 * math.log10(1 / max(mse, 1e-10))


def binary_entropy(x: torch.Tensor) -> torch.Tensor:
    x = x.clamp(1e-5, 1 - 1e-5)
    return -(x * torch.log(x) + (1 - x) * torch.log(1 - x)).mean()
