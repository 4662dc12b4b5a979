package io.github.visionj.model;

import java.util.Arrays;
import java.util.List;

import io.github.visionj.VisionJException;

/**
 * A step argument that is either one number for the whole tensor or one number per entry of an axis
 * (e.g. a gain per channel).
 *
 * @param axis the axis the values run along, or null for a single value
 * @param values one value, or one per entry of {@code axis}
 */
record AxisValues(String axis, double[] values) {

	static AxisValues scalar(double value) {
		return new AxisValues(null, new double[] { value });
	}

	/** The groups the values apply to, after checking there is one value per entry of the axis. */
	Groups groups(long[] shape, List<AxisDescription> axes, String stepId) {
		if (axis == null) return Groups.all(shape);
		int d = Processing.axisIndex(axes, axis, stepId);
		if (values.length != 1 && values.length != shape[d]) throw new VisionJException("The processing step " +
			stepId + " gives " + values.length + " values " + Arrays.toString(values) + " along the axis '" + axis +
			"' but that axis has " + shape[d] + " entries; give one value per entry in the model description.");
		return Groups.along(shape, d);
	}

	double at(int group) {
		return values.length == 1 ? values[0] : values[group];
	}
}
