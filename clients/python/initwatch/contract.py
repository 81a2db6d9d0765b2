"""The initwatch event contract (docs/events.md, schema version 1) as plain Python: wire names, topics and
the JSON encoding. No torch and no Kafka here, so the encoding can be tested and reused on its own."""

import json
import math
import os
import time

SCHEMA_VERSION = 1

# Default topic names; every initwatch service reads the same INITWATCH_TOPICS_* variables to override them.
DEFAULT_TOPICS = {
    "runs": "initwatch.runs",
    "metrics": "initwatch.metrics",
    "layers": "initwatch.layers",
    "control": "initwatch.control",  # read, not written: the monitor's STOP commands
}
_TOPIC_VARIABLES = {
    "runs": "INITWATCH_TOPICS_RUNS",
    "metrics": "INITWATCH_TOPICS_METRICS",
    "layers": "INITWATCH_TOPICS_LAYERS",
    "control": "INITWATCH_TOPICS_CONTROL",
}

# Activation wire names the monitor knows, and the family that decides the initializer it recommends.
ACTIVATIONS = ("relu", "leakyrelu", "elu", "tanh", "sigmoid", "softsign", "identity", "softmax")

# Initializer wire names the monitor knows (docs/events.md, "Initializer names").
WEIGHT_INITS = ("zeros", "ones", "constant", "small-normal", "standard-normal", "uniform", "xavier-normal",
                "xavier-uniform", "xavier-caffe", "he-normal", "he-uniform", "lecun-normal", "lecun-uniform",
                "custom-normal")

# What is sent when the user did not say how a layer was initialized. The contract's weightInit is a free
# string and "readers tolerate names they do not know": the monitor then judges the layer by its statistics
# only and gives no initializer-specific advice. Guessing a known name would make it give wrong advice.
UNKNOWN_INIT = "unknown"

# torch.nn.init function names (with or without the trailing underscore) and their contract names.
# PyTorch's own default for nn.Linear and nn.Conv2d, kaiming_uniform_(a=√5), draws U(±1/√n_in): exactly the
# contract's "uniform" (variance 1/(3·n_in)).
_TORCH_INITS = {
    "xavier_normal": "xavier-normal",
    "glorot_normal": "xavier-normal",
    "xavier_uniform": "xavier-uniform",
    "glorot_uniform": "xavier-uniform",
    "kaiming_normal": "he-normal",
    "kaiming_uniform": "he-uniform",
    "zeros": "zeros",
    "ones": "ones",
    "constant": "constant",
    "normal": "custom-normal",
    "default": "uniform",
    "torch_default": "uniform",
}

# Initializers whose variance the monitor can only compute with initScale (σ for custom-normal, the value for
# constant).
_NEEDS_SCALE = ("constant", "custom-normal")


def topics(overrides=None):
    """Topic names: the defaults, then INITWATCH_TOPICS_* from the environment, then ``overrides``."""
    names = {key: os.environ.get(_TOPIC_VARIABLES[key]) or default for key, default in DEFAULT_TOPICS.items()}
    for key, value in (overrides or {}).items():
        if key not in DEFAULT_TOPICS:
            raise ValueError("unknown topic %r; use one of %s" % (key, sorted(DEFAULT_TOPICS)))
        names[key] = value
    return names


def activation_name(name):
    """The wire name of an activation: 'ReLU', 'leaky_relu' and 'LeakyReLU' all become the contract's names.
    Names outside the contract are kept (lower case): readers tolerate them."""
    key = str(name).lower().replace("_", "").replace("-", "")
    return key if key in ACTIVATIONS else str(name).lower()


def weight_init_name(spec):
    """(wire name, initScale or None) for what the user declared: a contract name ('he-normal'), a
    torch.nn.init name ('kaiming_normal_'), or a pair (name, scale) for 'custom-normal' / 'normal_' (σ) and
    'constant' (the value)."""
    scale = None
    if isinstance(spec, (tuple, list)):
        if len(spec) != 2:
            raise ValueError("an initializer with a scale is a pair (name, scale), got %r" % (spec,))
        spec, scale = spec[0], float(spec[1])
    key = str(spec).strip().lower().rstrip("_")
    wire = key.replace("_", "-")
    if wire not in WEIGHT_INITS:
        wire = _TORCH_INITS.get(key.replace("-", "_"), key)
    if wire in _NEEDS_SCALE and scale is None:
        raise ValueError("%r needs its scale: pass (%r, value)" % (spec, spec))
    return wire, (scale if wire in _NEEDS_SCALE else None)


def finite_or_string(value):
    """The contract's encoding rules 2 and 3: non-finite floats become "NaN", "Infinity", "-Infinity", and
    dictionary entries without a value are left out."""
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, dict):
        return {key: finite_or_string(v) for key, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [finite_or_string(v) for v in value]
    return value


def to_json_bytes(message):
    """One record value: UTF-8 JSON that no strict parser rejects (allow_nan=False fails loudly on a float the
    conversion missed instead of writing a bare NaN)."""
    return json.dumps(finite_or_string(message), allow_nan=False, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def now_ms():
    return int(time.time() * 1000)


def java_long(value):
    """A 64-bit seed as the signed long the Java readers parse (torch.initial_seed() may be ≥ 2⁶³)."""
    value = int(value) & 0xFFFFFFFFFFFFFFFF
    return value - (1 << 64) if value >= (1 << 63) else value


def run_event(event_type, run_id, experiment_id=None, config=None, epoch=None, total_epochs=None, reason=None,
              timestamp_ms=None):
    return {"schemaVersion": SCHEMA_VERSION, "type": event_type, "runId": run_id, "experimentId": experiment_id,
            "timestampMs": timestamp_ms if timestamp_ms is not None else now_ms(), "config": config,
            "epoch": epoch, "totalEpochs": total_epochs, "reason": reason}


def epoch_metrics(run_id, experiment_id, epoch, iteration, train_loss, validation_loss=None, train_accuracy=None,
                  validation_accuracy=None, epoch_time_ms=0, timestamp_ms=None):
    return {"schemaVersion": SCHEMA_VERSION, "runId": run_id, "experimentId": experiment_id, "epoch": epoch,
            "iteration": iteration, "trainLoss": _float(train_loss), "validationLoss": _float(validation_loss),
            "trainAccuracy": _float(train_accuracy), "validationAccuracy": _float(validation_accuracy),
            "epochTimeMs": int(epoch_time_ms), "timestampMs": timestamp_ms if timestamp_ms is not None else now_ms()}


def layer_stats(run_id, experiment_id, phase, epoch, iteration, layers, timestamp_ms=None):
    return {"schemaVersion": SCHEMA_VERSION, "runId": run_id, "experimentId": experiment_id, "phase": phase,
            "epoch": epoch, "iteration": iteration, "layers": layers,
            "timestampMs": timestamp_ms if timestamp_ms is not None else now_ms()}


def _float(value):
    """A loss or accuracy given as a tensor, numpy scalar or number, as a Python float (None stays None)."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    return float(value)
