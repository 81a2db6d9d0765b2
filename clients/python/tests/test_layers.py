"""Which layers the client reports, with which activation, initializer and fan-in/fan-out."""

import pytest
import torch
from torch import nn

from initwatch.layers import find_layers


def mlp(depth=3, width=8, activation=nn.ReLU):
    layers, n_in = [], 4
    for _ in range(depth):
        layers += [nn.Linear(n_in, width), activation()]
        n_in = width
    layers.append(nn.Linear(n_in, 3))
    return nn.Sequential(*layers)


def test_a_sequential_mlp_reports_each_linear_with_the_activation_after_it():
    layers = find_layers(mlp(activation=nn.Tanh))

    assert [l.spec() for l in layers] == [
        {"index": 0, "name": "0", "type": "dense", "activation": "tanh", "weightInit": "unknown", "initScale": None,
         "nIn": 4, "nOut": 8},
        {"index": 1, "name": "2", "type": "dense", "activation": "tanh", "weightInit": "unknown", "initScale": None,
         "nIn": 8, "nOut": 8},
        {"index": 2, "name": "4", "type": "dense", "activation": "tanh", "weightInit": "unknown", "initScale": None,
         "nIn": 8, "nOut": 8},
        {"index": 3, "name": "6", "type": "output", "activation": "identity", "weightInit": "unknown",
         "initScale": None, "nIn": 8, "nOut": 3}]


def test_the_output_layer_of_a_cross_entropy_net_is_softmax_like_the_dl4j_trainers():
    layers = find_layers(mlp(), loss_fn=nn.CrossEntropyLoss())
    assert layers[-1].activation == "softmax"
    probs = layers[-1].apply(torch.randn(5, 3))
    assert torch.allclose(probs.sum(dim=1), torch.ones(5))


def test_normalization_and_dropout_between_a_layer_and_its_activation_are_skipped():
    model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(0.1), nn.LeakyReLU(), nn.Linear(8, 2))
    layers = find_layers(model)
    assert layers[0].activation == "leakyrelu"
    assert layers[0].source is model[3]  # the statistics are those of what the next layer receives


def test_nested_modules_are_found_in_registration_order():
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 8)
            self.act = nn.ELU()

        def forward(self, x):
            return self.act(self.fc(x))

    model = nn.Sequential(nn.Linear(4, 8), nn.Sigmoid(), Block(), nn.Linear(8, 1))
    assert [(l.name, l.activation) for l in find_layers(model)] == [
        ("0", "sigmoid"), ("2.fc", "elu"), ("3", "identity")]


def test_activations_called_as_functions_are_declared_and_applied_by_the_client():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = nn.Linear(4, 8)
            self.out = nn.Linear(8, 2)

        def forward(self, x):
            return self.out(torch.relu(self.hidden(x)))

    assert find_layers(Net())[0].activation == "identity"  # nothing to detect: say so rather than guess
    layers = find_layers(Net(), activations={"hidden": "relu"})
    assert layers[0].activation == "relu" and layers[0].source is layers[0].module
    assert torch.equal(layers[0].apply(torch.tensor([-1.0, 2.0])), torch.tensor([0.0, 2.0]))


def test_an_activation_module_reused_after_several_layers_belongs_to_the_first_only():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(4, 8)
            self.act = nn.ReLU()
            self.b = nn.Linear(8, 8)
            self.c = nn.Linear(8, 1)

        def forward(self, x):
            return self.c(self.act(self.b(self.act(self.a(x)))))

    assert [l.activation for l in find_layers(Net())] == ["relu", "identity", "identity"]
    layers = find_layers(Net(), activations={"b": "relu"})
    assert [l.activation for l in layers] == ["relu", "relu", "identity"]
    assert layers[1].source is layers[1].module and layers[1].apply is torch.relu


def test_a_conv_layers_fan_in_is_input_channels_times_kernel_area():
    model = nn.Sequential(nn.Conv2d(3, 16, kernel_size=3), nn.ReLU(), nn.Conv2d(16, 32, (3, 5), groups=2),
                          nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))
    layers = find_layers(model)
    assert [(l.type, l.n_in, l.n_out, l.unit_dim) for l in layers] == [
        ("conv2d", 27, 16, 1), ("conv2d", 8 * 15, 32, 1), ("output", 32, 10, -1)]


@pytest.mark.parametrize("declared, expected", [
    ("kaiming_normal_", ["he-normal"] * 4),
    ({"0": "kaiming_normal_", "output": "xavier_normal_"}, ["he-normal", "unknown", "unknown", "xavier-normal"]),
    (["he-normal", "he-normal", ("normal_", 0.01), "zeros"], ["he-normal", "he-normal", "custom-normal", "zeros"]),
])
def test_declared_initializers_per_model_per_name_or_per_index(declared, expected):
    assert [l.weight_init for l in find_layers(mlp(), weight_init=declared)] == expected


def test_a_scaled_initializer_for_the_whole_model_is_one_initializer():
    layers = find_layers(mlp(), weight_init=("custom-normal", 0.05))
    assert {(l.weight_init, l.init_scale) for l in layers} == {("custom-normal", 0.05)}


def test_a_declaration_for_a_layer_the_model_does_not_have_is_an_error():
    with pytest.raises(ValueError, match="its layers are"):
        find_layers(mlp(), weight_init={"fc1": "he-normal"})
    with pytest.raises(ValueError, match="4 layers"):
        find_layers(mlp(), activations=["relu"])


def test_a_model_without_linear_or_conv_layers_is_an_error():
    with pytest.raises(ValueError, match="no nn.Linear"):
        find_layers(nn.Sequential(nn.ReLU()))
