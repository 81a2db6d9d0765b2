"""initwatch's Python client: publish a PyTorch run's telemetry in initwatch's event contract, so the monitor
diagnoses its initialization the way it diagnoses a Deeplearning4j run. See README.md; the entry point is
initwatch.torch.watch (imported on demand, so initwatch.contract works without torch)."""

__version__ = "0.1.0"


class StopTraining(Exception):
    """Raised by a watcher created with raise_on_stop=True at the step (or log_epoch) after the monitor's STOP
    command for its run arrived. The watch() block catches it and ends the run CANCELLED; ``reason`` is the end
    reason (naming the alert id and the rule), ``command`` the ControlCommand as received."""

    def __init__(self, run_id, reason, command):
        super().__init__(reason)
        self.run_id = run_id
        self.reason = reason
        self.command = command
