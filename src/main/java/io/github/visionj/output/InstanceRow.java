package io.github.visionj.output;

/**
 * One object of an instance segmentation, as a row of the results table.
 *
 * @param label the ROI name, e.g. {@code nucleus-0042}
 * @param z 1-based slice, as ImageJ counts
 * @param t 1-based frame
 */
public record InstanceRow(String label, String className, double score, RoiMeasurement measurement, int z, int t) {}
