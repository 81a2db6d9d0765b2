"""Each LayerStat number means what it means in the DL4J trainer (trainer-service/.../telemetry/*.java).
The references below are line-by-line ports of ActivationProbe.of and WeightProbe to plain Python."""

import math

import pytest
import torch

from initwatch import stats


def java_activation_stats(rows, activation):
    """ActivationProbe.of, over a list of rows of unit values."""
    units = len(rows[0])
    unit_sum = [0.0] * units
    total = squares = zeros = saturated = 0.0
    for row in rows:
        for u, a in enumerate(row):
            unit_sum[u] += a
            total += a
            squares += a * a
            zeros += a == 0.0
            if activation in ("tanh", "softsign"):
                saturated += abs(a) > 0.99
            elif activation == "sigmoid":
                saturated += a < 0.01 or a > 1 - 0.01
    n = len(rows) * units
    mean = total / n
    std = math.sqrt(max(0.0, squares / n - mean * mean))
    unit_means = [s / len(rows) for s in unit_sum]
    mean_of_means = sum(m / units for m in unit_means)
    spread = math.sqrt(sum((m - mean_of_means) ** 2 / units for m in unit_means))
    return [mean, std, zeros / n, saturated / n, spread]


def activation_stats(output, activation, unit_dim=-1):
    """What the client publishes for one layer's output: (mean, std, zero, saturated fraction, unit spread)."""
    rows = stats.rows_by_units(output, unit_dim)
    [(_, stack)] = stats.grouped([rows])
    sums = [None if t is None else t.item() for t in stats.activation_sums(stack, stats.saturation_kind(activation))]
    sums[3] = sums[3] or 0.0
    return list(stats.activation_from_sums(rows.numel(), *sums))


def weight_stats(weights):
    [(_, stack)] = stats.grouped([weights])
    return stats.weight_from_sums(*(t.item() for t in stats.weight_sums(stack)))


def update_ratio(before, after):
    b, a = stats.grouped([before])[0][1], stats.grouped([after])[0][1]
    return stats.update_ratio(stats.squared_norms(a - b).item(), stats.squared_norms(b).item())


@pytest.mark.parametrize("activation, fn", [("relu", torch.relu), ("tanh", torch.tanh), ("sigmoid", torch.sigmoid),
                                            ("identity", lambda t: t)])
def test_activation_statistics_match_the_dl4j_trainers(activation, fn):
    torch.manual_seed(3)
    out = fn(torch.randn(32, 16) * 3)
    expected = java_activation_stats(out.double().tolist(), activation)
    assert activation_stats(out, activation) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_saturation_counts_the_ends_of_tanh_and_sigmoid_only():
    tanh_out = torch.tensor([[0.995, -0.999, 0.5, 0.0]])
    sigmoid_out = torch.tensor([[0.005, 0.995, 0.5, 0.02]])
    assert activation_stats(tanh_out, "tanh")[3] == 0.5
    assert activation_stats(sigmoid_out, "sigmoid")[3] == 0.5
    assert activation_stats(tanh_out, "relu")[3] == 0.0


def test_identical_units_have_zero_spread_and_dead_relus_count_as_zeros():
    out = torch.relu(torch.tensor([[1.0, 1.0, -1.0], [2.0, 2.0, -3.0]]))
    mean, std, zeros, saturated, spread = activation_stats(out, "relu")
    assert zeros == pytest.approx(2 / 6)
    assert spread == pytest.approx(math.sqrt(((1.5 - 1) ** 2 * 2 + (0 - 1) ** 2) / 3))
    same = torch.ones(4, 5) * 0.3
    assert activation_stats(same, "relu")[4] == 0.0


def test_a_convolutions_units_are_its_channels():
    out = torch.zeros(2, 3, 4, 4)
    out[:, 1] = 1.0  # channel 1 on, channels 0 and 2 off
    mean, std, zeros, _, spread = activation_stats(out, "relu", unit_dim=1)
    assert mean == pytest.approx(1 / 3) and zeros == pytest.approx(2 / 3)
    assert spread == pytest.approx(math.sqrt(2 / 9))  # std of the channel means (0, 1, 0)


def test_non_finite_activations_propagate_as_data():
    out = torch.tensor([[1.0, float("nan")], [float("inf"), 0.0]])
    mean, std, zeros, _, _ = activation_stats(out, "relu")
    assert math.isnan(mean) and math.isnan(std) and zeros == 0.25


def test_weight_norm_mean_and_population_std():
    w = torch.tensor([[1.0, -1.0], [3.0, 1.0]])
    norm, mean, std = weight_stats(w)
    assert norm == pytest.approx(math.sqrt(12)) and mean == 1.0 and std == pytest.approx(math.sqrt(2))


def test_constant_weights_have_a_std_of_exactly_zero():
    # the monitor's symmetry rule calls a layer symmetric at a weight std of at most 1e-12
    assert weight_stats(torch.full((64, 64), 0.37))[2] == 0.0


def test_layers_of_the_same_shape_are_measured_together_and_each_gets_its_own_numbers():
    a, b, c = torch.ones(4, 3), torch.full((4, 3), 2.0), torch.ones(2, 5)
    groups = stats.grouped([a, None, b, c])
    assert [indexes for indexes, _ in groups] == [[0, 2], [3]]
    snapshot = stats.Snapshot(4)
    for indexes, stack in groups:
        snapshot.add("squares", indexes, stats.squared_norms(stack))
    assert snapshot.values() == [{"squares": 12.0}, {}, {"squares": 48.0}, {"squares": 10.0}]


def test_update_ratio_rules_of_the_dl4j_trainer():
    w = torch.full((3, 3), 2.0)
    assert update_ratio(w, w + 0.002) == pytest.approx(1e-3, rel=1e-4)  # float32 weights
    zeros = torch.zeros(3, 3)
    assert update_ratio(zeros, zeros) == 0.0  # did not move
    assert update_ratio(zeros, zeros + 1) is None  # moved away from all-zero weights
