package io.github.visionj.pipeline;

import java.io.Serializable;
import java.util.List;

/**
 * The whole-plane statistics of each input's preprocessing for a plane segmented in blocks
 * ({@link Segmentation#statistics}), in a form that travels to other processes (Spark executors),
 * so every block is normalised as the whole plane would be.
 *
 * @param values per input, {@code model.RegionStatistics#values()}
 */
public record PlaneStatistics(List<double[][][]> values) implements Serializable {}
