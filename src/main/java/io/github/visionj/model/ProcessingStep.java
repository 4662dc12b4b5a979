package io.github.visionj.model;

import java.util.List;
import java.util.Map;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

/**
 * One bioimage.io pre- or postprocessing operation with its arguments, read from a description.
 * Steps change a tensor in place and always act on the whole tensor (one image, all channels),
 * so statistics are never per tile.
 */
public interface ProcessingStep {

	/** The bioimage.io operation id, e.g. {@code scale_range}. */
	String id();

	/**
	 * Throws a {@link VisionJException} when this step cannot run on a tensor of this shape (an axis it
	 * names is missing, a per-channel list has the wrong length, a reference tensor is absent);
	 * changes nothing.
	 */
	default void check(long[] shape, List<AxisDescription> axes, Map<String, FloatTensor> sampleTensors) {}

	/**
	 * Applies the step in place.
	 *
	 * @param tensor the values, laid out as {@code axes}
	 * @param sampleTensors the other tensors of the same sample, by tensor id (for {@code reference_tensor})
	 */
	void apply(FloatTensor tensor, List<AxisDescription> axes, Map<String, FloatTensor> sampleTensors);
}
