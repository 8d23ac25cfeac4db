"""GPU facts from NVML (nvidia-ml-py). No driver means an empty list, never an error."""

from __future__ import annotations

import logging

from shared.contracts.common import GpuInfo

log = logging.getLogger(__name__)


def list_gpus() -> list[GpuInfo]:
    try:
        import pynvml
    except ImportError:  # nvidia-ml-py is a base dependency, but a trimmed image may lack it
        return []
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError as exc:
        log.debug("no NVIDIA driver: %s", exc)
        return []
    try:
        gpus = []
        for index in range(pynvml.nvmlDeviceGetCount()):
            handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            name = pynvml.nvmlDeviceGetName(handle)
            uuid = pynvml.nvmlDeviceGetUUID(handle)
            memory = pynvml.nvmlDeviceGetMemoryInfo(handle)
            try:
                utilization: int | None = int(pynvml.nvmlDeviceGetUtilizationRates(handle).gpu)
            except pynvml.NVMLError:
                utilization = None
            try:
                temperature: int | None = int(pynvml.nvmlDeviceGetTemperature(handle, pynvml.NVML_TEMPERATURE_GPU))
            except pynvml.NVMLError:
                temperature = None
            gpus.append(
                GpuInfo(
                    index=index,
                    uuid=uuid.decode() if isinstance(uuid, bytes) else str(uuid),
                    name=name.decode() if isinstance(name, bytes) else str(name),
                    memory_total_mb=int(memory.total) // 2**20,
                    memory_used_mb=int(memory.used) // 2**20,
                    utilization_percent=utilization,
                    temperature_c=temperature,
                )
            )
        return gpus
    finally:
        pynvml.nvmlShutdown()
