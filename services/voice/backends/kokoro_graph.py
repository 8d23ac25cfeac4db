"""Kokoro's shipped int8 graph rewritten once into a faster float graph for CPUs (cached beside the model).

Two rewrites, measured on 2 cores (docs/benchmarks.md#voice; onnxruntime does neither by itself):

- **Dequantised weights.** The shipped file is dynamically quantised: every ``ConvInteger`` / ``MatMulInteger``
  first quantises its input (``DynamicQuantizeLinear``) and its int32 result is cast and rescaled. On 2 cores
  that is no faster than float kernels, and the input quantisation costs fidelity. Each such chain becomes one
  float ``Conv`` / ``MatMul`` with the weights ``(w - zero_point) * scale``; the six ``DynamicQuantizeLSTM``
  become float ``LSTM``. The weights are the shipped ones: nothing is re-trained or re-quantised.
- **1-D convolutions as 2-D.** Most of Kokoro's time is its vocoder's 1-D convolutions; onnxruntime's blocked
  (NCHWc) convolution kernels only serve 2-D ones, so each ``Conv`` over ``[N, C, T]`` runs over ``[N, C, 1, T]``
  (``Unsqueeze`` / ``Squeeze`` around it, the kernel given a height of 1).

Together: Kokoro's RTF 0.41 → 0.33 on 2 Intel Xeon cores. ``onnx`` does the graph surgery (``pip install onnx``).
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

log = logging.getLogger(__name__)

# Bump when a rewrite changes: the cached file's name carries it, so an old one is never used.
GRAPH_VERSION = 1
_INSTALL_HINT = "pip install 'onnx==1.22.0'"


def float_graph(int8_model: Path, cache_dir: Path) -> Path:
    """The rewritten graph's path, building it on first use (under a lock: API and worker start together)."""
    target = cache_dir / f"{int8_model.stem.replace('.int8', '')}.float-v{GRAPH_VERSION}.onnx"
    if target.exists():
        return target
    try:
        import onnx
    except ImportError as exc:
        raise RuntimeError(f"the faster Kokoro graph needs onnx ({exc}); {_INSTALL_HINT}") from exc
    cache_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        if target.exists():
            return target
        log.info("rewriting %s into a float graph (once; about 6 s on 2 cores)", int8_model.name)
        model = onnx.load(str(int8_model))
        dequantize(model)
        convolutions_as_2d(model)
        partial = target.with_suffix(f".{os.getpid()}.partial")
        onnx.save(model, str(partial))
        partial.replace(target)
    return target


class _Graph:
    """Producers, consumers and initialisers of one ONNX graph, for pattern matching."""

    def __init__(self, graph: Any) -> None:
        from onnx import numpy_helper

        self.graph = graph
        self.to_array = numpy_helper.to_array
        self.from_array = numpy_helper.from_array
        self.initializers = {i.name: i for i in graph.initializer}
        self.producer = {out: node for node in graph.node for out in node.output}
        self.consumers: dict[str, list[Any]] = defaultdict(list)
        for node in graph.node:
            for name in node.input:
                self.consumers[name].append(node)
        self.added: dict[str, Any] = {}

    def array(self, name: str) -> np.ndarray:
        return np.asarray(self.to_array(self.initializers[name]))

    def only_consumer(self, name: str, op_type: str) -> Any:
        users = self.consumers[name]
        if len(users) != 1 or users[0].op_type != op_type:
            raise ValueError(f"{name}: expected one {op_type} consumer, found {[u.op_type for u in users]}")
        return users[0]

    def add_weight(self, name: str, value: np.ndarray) -> str:
        """A float initialiser, once per name (ALBERT's layers share their quantised weights)."""
        if name not in self.added:
            self.added[name] = self.from_array(np.ascontiguousarray(value, dtype=np.float32), name)
        return name

    def weight_scale(self, rescale: Any, integer_result: str, input_scale: str) -> np.ndarray:
        """The weight's scale in ``Mul(cast(result), input_scale * weight_scale)``."""
        product = next(i for i in rescale.input if i != integer_result)
        factors = [i for i in self.producer[product].input if i != input_scale]
        if len(factors) != 1 or factors[0] not in self.initializers:
            raise ValueError(f"{rescale.name}: unexpected scale product")
        return self.array(factors[0]).astype(np.float32)

    def float_bias(self, quantised_bias: str) -> str:
        """The float bias behind ``Reshape(Cast(Floor(Div(bias, scales))))``: the nearest float ``*bias``."""
        queue, seen = deque([quantised_bias]), set()
        while queue:
            name = queue.popleft()
            if name in seen:
                continue
            seen.add(name)
            if name in self.initializers:
                if name.endswith("bias") and self.initializers[name].data_type == 1:  # FLOAT
                    return name
            elif name in self.producer:
                queue.extend(self.producer[name].input)
        raise ValueError(f"{quantised_bias}: no float bias found")


def _attributes(node: Any) -> dict[str, Any]:
    from onnx import helper

    values = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    return {k: v.decode() if isinstance(v, bytes) else v for k, v in values.items()}


def dequantize(model: Any) -> None:
    """Integer convolutions, matrix products and LSTMs → float ones with the dequantised shipped weights."""
    from onnx import helper

    g = _Graph(model.graph)
    replaced: dict[str, Any] = {}  # name of the node a replacement takes the place of -> replacement
    dropped: set[str] = set()
    for node in model.graph.node:
        if node.op_type not in ("ConvInteger", "MatMulInteger"):
            continue
        quantised_x, quantised_w, _, w_zero_point = node.input
        quantise = g.producer[quantised_x]
        if quantise.op_type != "DynamicQuantizeLinear":
            raise ValueError(f"{node.name}: input not dynamically quantised")
        x, x_scale = quantise.input[0], quantise.output[1]
        w = g.array(quantised_w).astype(np.float32) - g.array(w_zero_point).astype(np.float32)
        add = None
        if node.op_type == "ConvInteger" and g.consumers[node.output[0]][0].op_type == "Add":
            add = g.consumers[node.output[0]][0]
        cast = g.only_consumer((add or node).output[0], "Cast")
        rescale = g.only_consumer(cast.output[0], "Mul")
        scale = g.weight_scale(rescale, cast.output[0], x_scale)
        weight_name = quantised_w.removesuffix("_quantized") + "_float"
        if node.op_type == "MatMulInteger":  # per output column: the scale broadcasts over the last axis
            g.add_weight(weight_name, w * scale)
            replacement = helper.make_node("MatMul", [x, weight_name], [rescale.output[0]], name=node.name + "_f")
        else:  # per output channel: the first axis
            g.add_weight(weight_name, w * scale.reshape(-1, *[1] * (w.ndim - 1)) if scale.size > 1 else w * scale)
            inputs = [x, weight_name]
            if add is not None:
                inputs.append(g.float_bias(next(i for i in add.input if i != node.output[0])))
            replacement = helper.make_node(
                "Conv", inputs, [rescale.output[0]], name=node.name + "_f", **_attributes(node)
            )
        dropped.update(n.name for n in (node, add, cast, rescale) if n is not None)
        replaced[rescale.name] = replacement
    for node in model.graph.node:
        if node.op_type == "DynamicQuantizeLSTM":
            replaced[node.name] = _float_lstm(g, node)
            dropped.add(node.name)
    nodes = []
    for node in model.graph.node:
        if node.name in replaced:
            nodes.append(replaced[node.name])
        if node.name not in dropped:
            nodes.append(node)
    _replace_nodes(model.graph, nodes, list(g.added.values()))


def _float_lstm(g: _Graph, node: Any) -> Any:
    """``DynamicQuantizeLSTM`` (weights ``[dirs, input, 4 * hidden]``) → ``LSTM`` (``[dirs, 4 * hidden, input]``)."""
    from onnx import helper

    inputs = [*node.input, *[""] * 12][:12]
    x, w, r, bias, lengths, h0, c0, peepholes, w_scale, w_zero, r_scale, r_zero = inputs

    def float_weight(quantised: str, scale_name: str, zero_name: str) -> str:
        scale, zero = g.array(scale_name).astype(np.float32), g.array(zero_name).astype(np.float32)
        # per direction and output column ([dirs, 4 * hidden]) or per direction ([dirs])
        shape = (scale.shape[0], 1, -1) if scale.ndim == 2 else (-1, 1, 1)
        scale, zero = scale.reshape(shape), zero.reshape(shape)
        weight = (g.array(quantised).astype(np.float32) - zero) * scale
        return g.add_weight(quantised.removesuffix("_quantized") + "_float", weight.transpose(0, 2, 1))

    float_inputs = [x, float_weight(w, w_scale, w_zero), float_weight(r, r_scale, r_zero), bias, lengths, h0, c0]
    float_inputs.append(peepholes)
    while float_inputs and not float_inputs[-1]:
        float_inputs.pop()
    return helper.make_node("LSTM", float_inputs, list(node.output), name=node.name + "_f", **_attributes(node))


def _replace_nodes(graph: Any, nodes: list[Any], new_initializers: list[Any]) -> None:
    """Keep the nodes the outputs still need (the quantisation of inputs and biases falls away), and their
    initialisers."""
    needed = {o.name for o in graph.output}
    kept = []
    for node in reversed(nodes):
        if any(out in needed for out in node.output):
            kept.append(node)
            needed.update(i for i in node.input if i)
    kept.reverse()
    initializers = [i for i in [*graph.initializer, *new_initializers] if i.name in needed]
    del graph.node[:]
    graph.node.extend(kept)
    del graph.initializer[:]
    graph.initializer.extend(initializers)


def convolutions_as_2d(model: Any) -> None:
    """Every ``Conv`` with a 3-D initialiser weight runs as a 2-D one of height 1."""
    from onnx import helper

    g = _Graph(model.graph)
    axis = "conv_height_axis"
    model.graph.initializer.append(g.from_array(np.array([2], np.int64), axis))
    reshaped: set[str] = set()
    nodes = []
    for node in model.graph.node:
        weight = node.input[1] if node.op_type == "Conv" else ""
        if weight not in g.initializers or len(g.initializers[weight].dims) != 3:
            nodes.append(node)
            continue
        if weight not in reshaped:
            g.initializers[weight].CopyFrom(g.from_array(np.ascontiguousarray(g.array(weight)[:, :, None, :]), weight))
            reshaped.add(weight)
        attributes = _attributes(node)
        for key in ("kernel_shape", "strides", "dilations"):
            if key in attributes:
                attributes[key] = [1, *attributes[key]]
        if "pads" in attributes:
            begin, end = attributes["pads"]
            attributes["pads"] = [0, begin, 0, end]
        x, y = node.input[0], node.output[0]
        nodes += [
            helper.make_node("Unsqueeze", [x, axis], [f"{y}_2d_in"], name=f"{node.name}_2d_in"),
            helper.make_node(
                "Conv", [f"{y}_2d_in", *node.input[1:]], [f"{y}_2d"], name=f"{node.name}_2d", **attributes
            ),
            helper.make_node("Squeeze", [f"{y}_2d", axis], [y], name=f"{node.name}_2d_out"),
        ]
    del model.graph.node[:]
    model.graph.node.extend(nodes)
