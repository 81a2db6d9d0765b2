package io.initwatch.bench.score;

import java.util.List;

import io.initwatch.bench.corpus.Recording;

/** A monitor under test: reads one recorded run, in publication order, and says what it would have raised. */
public interface Detector {

    String name();

    List<Detection> detect(Recording recording);
}
