package io.initwatch.trainer.training;

/**
 * Which data to train on, as validated.
 *
 * @param kind        spirals, circles, blobs, xor, regression, iris or csv
 * @param classes     blobs: number of blobs; csv: number of classes (null = max label + 1)
 * @param csvPath     csv only: the real path of the file, which the validator confined to the data directory
 * @param labelColumn csv only: 0-based, negative counts from the end
 * @param maxCsvBytes csv only: bytes read at most when the run loads the file
 */
public record DatasetSpec(String kind, int samples, double noise, Integer classes, String csvPath, int labelColumn,
        double validationFraction, long seed, long maxCsvBytes) {
}
