"""What watch() costs a training loop: the same small MLP trained with and without it, on CPU.

    /usr/bin/python3 clients/python/bench_overhead.py            # defaults below; --help for the options

Each repeat trains two copies of one network in lockstep, step by step in alternating order: one plain, one
watched at the given sampling (default: watch()'s). Every step, log_epoch, and watch() itself are timed in CPU
time of this process, so load from other processes on a shared machine falls on both alike. The watched run
publishes to memory: the figure is the client's own work (hooks, sampled statistics, probe passes, JSON), not
the network; kafka-python sends from a background thread. Overhead = watched CPU time / plain CPU time − 1,
median over repeats."""

import argparse
import copy
import statistics
import sys
import time
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from initwatch.publish import MemoryPublisher  # noqa: E402
from initwatch.torch import DEFAULT_SAMPLE_EVERY, watch  # noqa: E402


def build(depth, width, seed):
    torch.manual_seed(seed)
    layers, n_in = [], 20
    for _ in range(depth):
        layers += [nn.Linear(n_in, width), nn.ReLU()]
        n_in = width
    layers.append(nn.Linear(n_in, 10))
    model = nn.Sequential(*layers)
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
    return model


def cpu(action):
    """CPU nanoseconds of this process spent in action(), and its result."""
    started = time.process_time_ns()
    result = action()
    return time.process_time_ns() - started, result


def one_repeat(x, y, args, seed):
    """(plain CPU ns, watched CPU ns, messages published) for one training of each copy."""
    plain_model = build(args.depth, args.width, seed)
    watched_model = copy.deepcopy(plain_model)
    plain_opt = torch.optim.Adam(plain_model.parameters(), lr=1e-3)
    watched_opt = torch.optim.Adam(watched_model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step(model, optimizer, batch):
        optimizer.zero_grad()
        loss = loss_fn(model(x[batch]), y[batch])
        loss.backward()
        optimizer.step()
        return loss.item()

    watched_ns, watcher = cpu(lambda: watch(
        watched_model, watched_opt, probe_batch=(x[:32], y[:32]), epochs=args.epochs, batch_size=args.batch_size,
        sample_every=args.sample_every, weight_init="kaiming_normal_", publisher=MemoryPublisher()))
    plain_ns = 0
    batches = [slice(start, start + args.batch_size) for start in range(0, len(x), args.batch_size)]
    for epoch in range(1, args.epochs + 1):
        loss_sum = 0.0
        for i, batch in enumerate(batches):
            if i % 2 == 0:
                ns, _ = cpu(lambda: step(plain_model, plain_opt, batch))
                plain_ns += ns
                ns, loss = cpu(lambda: step(watched_model, watched_opt, batch))
                watched_ns += ns
            else:
                ns, loss = cpu(lambda: step(watched_model, watched_opt, batch))
                watched_ns += ns
                ns, _ = cpu(lambda: step(plain_model, plain_opt, batch))
                plain_ns += ns
            loss_sum += loss
        ns, _ = cpu(lambda: watcher.log_epoch(epoch, loss_sum / len(batches)))
        watched_ns += ns
    ns, _ = cpu(watcher.finish)
    return plain_ns, watched_ns + ns, watcher.messages_sent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--depth", type=int, default=8, help="hidden layers (default 8)")
    parser.add_argument("--width", type=int, default=64, help="units per hidden layer (default 64)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--samples", type=int, default=8192, help="examples per epoch (default 8192: 256 steps)")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--sample-every", type=int, default=DEFAULT_SAMPLE_EVERY)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1: steadier timings)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    generator = torch.Generator().manual_seed(0)
    x = torch.randn(args.samples, 20, generator=generator)
    y = torch.randint(0, 10, (args.samples,), generator=generator)
    one_repeat(x[:1024], y[:1024], args, seed=0)  # warm-up: allocator, lazy imports

    results = [one_repeat(x, y, args, seed) for seed in range(args.repeats)]
    steps = args.epochs * -(-args.samples // args.batch_size)
    ratios = [watched / plain - 1 for plain, watched, _ in results]
    print("torch %s, %d thread(s); MLP %d×%d ReLU, batch %d, %d steps per run, sample_every=%d, %d messages per "
          "watched run" % (torch.__version__, args.threads, args.depth, args.width, args.batch_size, steps,
                           args.sample_every, results[0][2]))
    print("plain:   %.3f ms CPU/step (median of %d)" % (statistics.median(r[0] for r in results) / steps / 1e6,
                                                          args.repeats))
    print("watched: %.3f ms CPU/step (median of %d)" % (statistics.median(r[1] for r in results) / steps / 1e6,
                                                          args.repeats))
    print("overhead: %+.1f %% (median; repeats ranged %+.1f %% to %+.1f %%)"
          % (statistics.median(ratios) * 100, min(ratios) * 100, max(ratios) * 100))


if __name__ == "__main__":
    main()
