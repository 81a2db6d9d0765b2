"""LayerStat numbers, defined exactly as initwatch's Deeplearning4j trainer defines them
(trainer-service/src/main/java/io/initwatch/trainer/telemetry: Vectors, WeightProbe, ActivationProbe), so the
monitor's thresholds mean the same for both. Sums are taken in float64 like the Java code's doubles, and
non-finite values propagate: a NaN weight gives a NaN norm, which is data, not an error.

What keeps a snapshot cheap: layers of the same shape (the hidden layers of an MLP, typically) are stacked and
measured by one tensor operation per quantity instead of one per layer; the ``*_sums`` functions take such a
stack (layers first) and return one value per layer; a :class:`Snapshot` converts all of them to Python in one
go; the ``*_from_sums`` functions finish the arithmetic on floats."""

import math

import torch

# |a| above this counts as saturated for tanh and softsign (ActivationProbe.SYMMETRIC_SATURATION).
SYMMETRIC_SATURATION = 0.99
# Sigmoid outputs below this or above 1 minus this count as saturated (ActivationProbe.SIGMOID_SATURATION_MARGIN).
SIGMOID_SATURATION_MARGIN = 0.01


def saturation_kind(activation):
    """Which saturation test applies: "symmetric" (tanh, softsign: ±1), "sigmoid" (0 and 1), or None."""
    return {"tanh": "symmetric", "softsign": "symmetric", "sigmoid": "sigmoid"}.get(activation)


def grouped(tensors, key=None):
    """[(layer indexes, float64 stack)] of the tensors that have the same shape (and the same ``key(i)``);
    None entries are left out."""
    groups = {}
    for i, t in enumerate(tensors):
        if t is not None:
            groups.setdefault((tuple(t.shape), t.device, key(i) if key else None), []).append(i)
    return [(indexes, torch.stack([tensors[i] for i in indexes]).double()) for indexes in groups.values()]


def squared_norms(stack):
    """Σa² per layer of a stack (Vectors.norm before its square root)."""
    flat = stack.reshape(stack.shape[0], -1)
    return (flat * flat).sum(dim=1)


def weight_sums(stack):
    """(Σw², mean, population variance) per layer (WeightProbe.measure)."""
    flat = stack.reshape(stack.shape[0], -1)
    mean = flat.mean(dim=1)
    return (flat * flat).sum(dim=1), mean, _variance(flat, mean)


def _variance(rows, mean):
    """Σ(a − mean)²/n per row: two passes like Vectors.std, so equal values give exactly 0 (Tensor.var does
    too, but is several times slower on CPU)."""
    deviation = rows - mean.unsqueeze(1)
    return (deviation * deviation).mean(dim=1)


def activation_sums(stack, saturation):
    """(mean, Σa², zeros, saturated, variance of the unit means) per layer of a stack of rows × units outputs
    (ActivationProbe.of); ``saturated`` is None where the activation does not saturate."""
    unit_means = stack.mean(dim=1)
    if saturation == "symmetric":
        saturated = (stack.abs() > SYMMETRIC_SATURATION).sum(dim=(1, 2), dtype=torch.float64)
    elif saturation == "sigmoid":
        saturated = ((stack < SIGMOID_SATURATION_MARGIN) | (stack > 1 - SIGMOID_SATURATION_MARGIN)).sum(
            dim=(1, 2), dtype=torch.float64)
    else:
        saturated = None
    # Every unit has the same number of rows, so the mean of the unit means is the mean of all values.
    mean = unit_means.mean(dim=1)
    return (mean, (stack * stack).sum(dim=(1, 2)), (stack == 0).sum(dim=(1, 2), dtype=torch.float64), saturated,
            _variance(unit_means, mean))


def rows_by_units(output, unit_dim):
    """A layer's output as a float64 rows × units matrix (a copy, so an in-place activation later in the
    forward pass cannot change it). For a dense layer the units are its output features; for a convolution its
    channels, every example and position being a row."""
    a = output.detach()
    if unit_dim != -1 and a.dim() > 1:
        a = a.movedim(unit_dim, -1)
    return a.reshape(-1, a.shape[-1]).to(dtype=torch.float64, copy=True)


def weight_from_sums(squares, mean, variance):
    """(norm, mean, std)."""
    return math.sqrt(squares), mean, math.sqrt(variance)


def update_ratio(delta_squares, before_squares):
    """‖W_after − W_before‖ / ‖W_before‖ from the two sums of squares (WeightProbe.updateRatios): 0 for a layer
    that did not move (even from all-zero weights); None (left out) for one that moved away from all-zero
    weights, where no ratio is defined."""
    delta, before = math.sqrt(delta_squares), math.sqrt(before_squares)
    if delta == 0.0:
        return 0.0
    if before == 0.0:
        return None
    return delta / before


def activation_from_sums(n, mean, squares, zeros, saturated, unit_variance):
    """(mean, std, zero fraction, saturated fraction, unit spread) of n values; std = √max(0, Σa²/n − mean²)
    as in Java, where max(0, NaN) is NaN."""
    return mean, _sqrt_at_least_zero(squares / n - mean * mean), zeros / n, saturated / n, \
        _sqrt_at_least_zero(unit_variance)


def _sqrt_at_least_zero(value):
    return value if math.isnan(value) else math.sqrt(max(0.0, value))


class Snapshot:
    """Per-layer values still in tensors, converted to Python floats in one go: {field: value} per layer."""

    def __init__(self, layers):
        self._layers = layers
        self._parts = []  # (field, layer indexes, one value per layer)

    def add(self, field, indexes, values):
        if values is not None:
            self._parts.append((field, indexes, values))

    def values(self):
        result = [{} for _ in range(self._layers)]
        if not self._parts:
            return result
        device = self._parts[0][2].device
        flat = torch.cat([v.to(device, torch.float64) for _, _, v in self._parts]).tolist()
        position = 0
        for field, indexes, _ in self._parts:
            for i in indexes:
                result[i][field] = flat[position]
                position += 1
        return result
