"""initwatch's Python client: publish a PyTorch run's telemetry in initwatch's event contract, so the monitor
diagnoses its initialization the way it diagnoses a Deeplearning4j run. See README.md; the entry point is
initwatch.torch.watch (imported on demand, so initwatch.contract works without torch)."""

__version__ = "0.1.0"
