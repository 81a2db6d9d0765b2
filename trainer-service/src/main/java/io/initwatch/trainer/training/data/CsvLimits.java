package io.initwatch.trainer.training.data;

/**
 * How much of a CSV the trainer reads before refusing it (from {@code initwatch.trainer.limits.*}), so no file
 * can make it hold more than a bounded amount in memory.
 *
 * @param maxBytes    bytes read at most; the stream stops there, whatever the file claims its size is
 * @param maxRows     data rows (max-samples)
 * @param maxFeatures feature columns, i.e. inputs of the first layer (max-width)
 * @param maxClasses  classes, i.e. outputs of the last layer (max-width)
 */
public record CsvLimits(long maxBytes, int maxRows, int maxFeatures, int maxClasses) {

    /** Only a byte limit: for a file already checked at submission and read again when its run starts. */
    public static CsvLimits bytesOnly(long maxBytes) {
        return new CsvLimits(maxBytes, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
