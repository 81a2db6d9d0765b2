package io.initwatch.trainer.training.data;

/** What the output layer predicts, which decides its activation and loss. */
public enum Task {
    /** One of k classes: softmax output, cross-entropy loss, accuracy reported. */
    CLASSIFICATION,
    /** Real-valued targets: identity output, mean squared error, no accuracy. */
    REGRESSION
}
