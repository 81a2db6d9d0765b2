"""The wire format: non-finite numbers, left-out fields, names, against the repository's JSON Schemas."""

import json
import math

import pytest

from conftest import VALIDATORS, strict_json
from initwatch import contract


@pytest.mark.parametrize("value, wire", [(float("nan"), "NaN"), (float("inf"), "Infinity"),
                                         (float("-inf"), "-Infinity")])
def test_non_finite_numbers_travel_as_the_contracts_strings(value, wire):
    message = contract.epoch_metrics("r-1", None, 1, 15, value, validation_loss=value, epoch_time_ms=12)
    data = contract.to_json_bytes(message)

    parsed = strict_json(data)
    assert parsed["trainLoss"] == wire and parsed["validationLoss"] == wire
    VALIDATORS["initwatch.metrics"].validate(parsed)


def test_non_finite_numbers_inside_lists_and_nested_objects_are_converted_too():
    stats = contract.layer_stats("r-1", None, "PREFLIGHT", 0, 0, [
        {"index": 0, "name": "0", "gradientNorm": float("nan"), "weightNorm": float("inf"),
         "weightMean": float("-inf"), "updateRatio": None}])
    parsed = strict_json(contract.to_json_bytes(stats))

    assert parsed["layers"][0] == {"index": 0, "name": "0", "gradientNorm": "NaN", "weightNorm": "Infinity",
                                   "weightMean": "-Infinity"}
    VALIDATORS["initwatch.layers"].validate(parsed)


def test_a_bare_nan_is_what_the_schema_and_a_strict_reader_reject():
    # What json.dumps writes by default: the mistake the encoding exists to prevent.
    bare = json.dumps({"schemaVersion": 1, "runId": "r", "epoch": 1, "iteration": 1, "trainLoss": math.nan,
                       "epochTimeMs": 1, "timestampMs": 1}).encode()
    with pytest.raises(ValueError):
        strict_json(bare)
    assert not VALIDATORS["initwatch.metrics"].is_valid(dict(json.loads(bare), trainLoss="nan"))


def test_tensor_and_numpy_style_scalars_become_plain_numbers():
    torch = pytest.importorskip("torch")
    message = contract.epoch_metrics("r", None, 1, 3, torch.tensor(float("nan")),
                                     train_accuracy=torch.tensor(0.5), epoch_time_ms=7.9)
    parsed = strict_json(contract.to_json_bytes(message))
    assert parsed["trainLoss"] == "NaN" and parsed["trainAccuracy"] == 0.5 and parsed["epochTimeMs"] == 7


def test_fields_without_a_value_are_left_out_not_null():
    event = contract.run_event("FINISHED", "r-1", epoch=3, total_epochs=3, reason="completed 3 epochs")
    parsed = strict_json(contract.to_json_bytes(event))
    assert "experimentId" not in parsed and "config" not in parsed
    VALIDATORS["initwatch.runs"].validate(parsed)


@pytest.mark.parametrize("declared, wire, scale", [
    ("xavier_normal_", "xavier-normal", None), ("xavier_uniform_", "xavier-uniform", None),
    ("kaiming_normal_", "he-normal", None), ("kaiming_uniform", "he-uniform", None),
    ("zeros_", "zeros", None), ("he-normal", "he-normal", None), ("LECUN_NORMAL", "lecun-normal", None),
    ("default", "uniform", None), (("normal_", 0.01), "custom-normal", 0.01), (("constant_", 0.5), "constant", 0.5),
    ("orthogonal_", "orthogonal", None),
])
def test_initializer_names_from_torch_nn_init_map_to_the_contracts(declared, wire, scale):
    assert contract.weight_init_name(declared) == (wire, scale)


def test_an_initializer_whose_variance_needs_a_scale_requires_it():
    with pytest.raises(ValueError, match="needs its scale"):
        contract.weight_init_name("normal_")


@pytest.mark.parametrize("name, wire", [("ReLU", "relu"), ("LeakyReLU", "leakyrelu"), ("leaky_relu", "leakyrelu"),
                                        ("Tanh", "tanh"), ("GELU", "gelu")])
def test_activation_names(name, wire):
    assert contract.activation_name(name) == wire


def test_a_64_bit_seed_becomes_the_signed_long_java_reads():
    assert contract.java_long(42) == 42
    assert contract.java_long(2 ** 64 - 1) == -1
    assert contract.java_long(2 ** 63) == -(2 ** 63)


def test_topic_names_follow_the_services_variables(monkeypatch):
    monkeypatch.setenv("INITWATCH_TOPICS_LAYERS", "team-a.layers")
    assert contract.topics() == {"runs": "initwatch.runs", "metrics": "initwatch.metrics", "layers": "team-a.layers",
                                 "control": "initwatch.control"}
    assert contract.topics({"runs": "x"})["runs"] == "x"
    with pytest.raises(ValueError):
        contract.topics({"alerts": "x"})
