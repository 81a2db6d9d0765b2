"""Which layers of a PyTorch model initwatch reports, with the activation and initializer of each.

A layer is an nn.Linear or nn.Conv2d (the contract's "dense" and "conv2d"; the last one is the "output").
Its activation is what the user declares, else the first activation module (anything from
torch.nn.modules.activation: nn.ReLU, nn.Tanh, ...) registered after it and before the next layer, which is
right for nn.Sequential and for modules that register their children in the order they call them. Its
initializer is what the user declares, else "unknown": PyTorch keeps no record of how weights were drawn."""

from dataclasses import dataclass
from typing import Callable, Optional

import torch
from torch import nn

from . import contract

_ACTIVATION_MODULE_PACKAGE = "torch.nn.modules.activation"
_NOT_ACTIVATIONS = (nn.MultiheadAttention,)

# Activations initwatch can apply itself when the model calls them as functions (F.relu in forward) rather
# than as modules; the statistics are then taken from activation(layer output).
_FUNCTIONS = {
    "relu": torch.relu,
    "leakyrelu": nn.functional.leaky_relu,
    "elu": nn.functional.elu,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "softsign": nn.functional.softsign,
    "gelu": nn.functional.gelu,
    "silu": nn.functional.silu,
    "selu": nn.functional.selu,
}

# Module classes whose wire name is not simply their lower-cased class name.
_MODULE_NAMES = {nn.PReLU: "leakyrelu", nn.RReLU: "leakyrelu", nn.LogSoftmax: "logsoftmax"}


@dataclass
class Layer:
    index: int
    name: str
    module: nn.Module
    type: str
    activation: str
    weight_init: str
    init_scale: Optional[float]
    n_in: int
    n_out: int
    # The module whose forward output the activation statistics are taken from, and what to apply to it first
    # (None: take it as it is).
    source: nn.Module
    apply: Optional[Callable]
    # The dimension of the output that holds the units: features of a dense layer, channels of a convolution.
    unit_dim: int

    def spec(self):
        """The contract's LayerSpec."""
        return {"index": self.index, "name": self.name, "type": self.type, "activation": self.activation,
                "weightInit": self.weight_init, "initScale": self.init_scale, "nIn": self.n_in,
                "nOut": self.n_out}


def is_activation_module(module):
    return type(module).__module__ == _ACTIVATION_MODULE_PACKAGE and not isinstance(module, _NOT_ACTIVATIONS)


def module_activation_name(module):
    for cls, name in _MODULE_NAMES.items():
        if isinstance(module, cls):
            return name
    return contract.activation_name(type(module).__name__)


def find_layers(model, activations=None, weight_init=None, loss_fn=None):
    """The model's layers, input side first.

    activations: {layer name: activation} or a list by layer index; overrides detection.
    weight_init: one initializer for every layer, {layer name: initializer} or a list by layer index; each
        initializer a contract name, a torch.nn.init name or (name, scale).
    loss_fn: with nn.CrossEntropyLoss an output layer that has no activation module is reported as softmax
        (the loss applies it), like the Deeplearning4j trainer's softmax + mcxent output layer.
    """
    leaves = [(name, m) for name, m in model.named_modules() if not any(True for _ in m.children())]
    positions = [i for i, (_, m) in enumerate(leaves) if isinstance(m, (nn.Linear, nn.Conv2d))]
    if not positions:
        raise ValueError("initwatch found no nn.Linear or nn.Conv2d layer in the model")
    names = [leaves[p][0] for p in positions]
    declared_activations = _by_layer(activations, names, "activations")
    declared_inits = _by_layer(weight_init, names, "weight_init", everywhere=True)

    # named_modules lists a module once, so an activation module reused after several layers is found after
    # the first of them only; the others report identity unless declared.
    followers = []
    for k, p in enumerate(positions):
        end = positions[k + 1] if k + 1 < len(positions) else len(leaves)
        followers.append(next((m for _, m in leaves[p + 1:end] if is_activation_module(m)), None))

    layers = []
    last = len(positions) - 1
    for k, p in enumerate(positions):
        name, module = leaves[p]
        if isinstance(module.weight, nn.parameter.UninitializedParameter):
            raise ValueError("layer %s is lazy and not initialized yet: run one forward pass before watch()" % name)
        conv = isinstance(module, nn.Conv2d)
        unit_dim = 1 if conv else -1
        activation, source, apply = _activation(name, module, followers[k], declared_activations.get(name),
                                                k == last, loss_fn, unit_dim)
        init, scale = contract.weight_init_name(declared_inits[name]) if name in declared_inits \
            else (contract.UNKNOWN_INIT, None)
        if conv:
            kh, kw = module.kernel_size
            n_in, n_out = module.in_channels // module.groups * kh * kw, module.out_channels
        else:
            n_in, n_out = module.in_features, module.out_features
        layer_type = "output" if k == last else ("conv2d" if conv else "dense")
        layers.append(Layer(k, name, module, layer_type, activation, init, scale, n_in, n_out, source, apply,
                            unit_dim))
    return layers


def _activation(name, module, follower, declared, is_last, loss_fn, unit_dim):
    """(wire name, source module, function to apply to the source's output)."""
    if declared is not None:
        wire = contract.activation_name(declared)
        if follower is not None and module_activation_name(follower) == wire:
            return wire, follower, None
        return wire, module, _function(wire, name, unit_dim)
    if follower is not None:
        return module_activation_name(follower), follower, None
    if is_last and isinstance(loss_fn, nn.CrossEntropyLoss):
        return "softmax", module, _function("softmax", name, unit_dim)
    if is_last and isinstance(loss_fn, nn.BCEWithLogitsLoss):
        return "sigmoid", module, torch.sigmoid
    return "identity", module, None


def _function(wire, layer_name, unit_dim):
    if wire == "identity":
        return None
    if wire == "softmax":
        return lambda t: torch.softmax(t, dim=unit_dim)
    if wire in _FUNCTIONS:
        return _FUNCTIONS[wire]
    raise ValueError("layer %s: initwatch cannot apply activation %r itself; use an activation module after the "
                     "layer, or one of %s" % (layer_name, wire, sorted(set(_FUNCTIONS) | {"identity", "softmax"})))


def _by_layer(value, names, what, everywhere=False):
    """{layer name: value} from a dict (by name; "output" is the last layer), a list (by index) or, where
    allowed, one value for every layer."""
    if value is None:
        return {}
    if isinstance(value, dict):
        result = {}
        for key, v in value.items():
            key = names[-1] if key == "output" and "output" not in names else key
            if key not in names:
                raise ValueError("%s names layer %r, which the model does not have; its layers are %s"
                                 % (what, key, names))
            result[key] = v
        return result
    if isinstance(value, (list, tuple)) and not (everywhere and _is_scaled_init(value)):
        if len(value) != len(names):
            raise ValueError("%s has %d entries for %d layers %s" % (what, len(value), len(names), names))
        return dict(zip(names, value))
    if everywhere:
        return {n: value for n in names}
    raise ValueError("%s must be a dict by layer name or a list by layer index, got %r" % (what, value))


def _is_scaled_init(value):
    """('custom-normal', 0.05) is one initializer with its scale, not a list of two."""
    return len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], (int, float))
