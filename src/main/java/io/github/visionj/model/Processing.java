package io.github.visionj.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

/** Runs a tensor's pre- or postprocessing, with the semantics of bioimage.io core. */
public final class Processing {

	/** The operation ids VisionJ can run. */
	public static final List<String> SUPPORTED = List.of("binarize", "clip", "ensure_dtype",
		"fixed_zero_mean_unit_variance", "scale_linear", "scale_mean_variance", "scale_range", "sigmoid", "softmax",
		"zero_mean_unit_variance");

	private Processing() {}

	/**
	 * Applies the steps in order, in place, over the whole tensor. All steps are checked first, so a
	 * step that cannot run leaves the tensor unchanged.
	 *
	 * @param sampleTensors the other tensors of the same sample by id, for steps with a {@code reference_tensor}
	 */
	public static void apply(List<ProcessingStep> steps, FloatTensor tensor, List<AxisDescription> axes,
		Map<String, FloatTensor> sampleTensors)
	{
		if (tensor.rank() != axes.size()) throw new IllegalArgumentException("A tensor of shape " +
			Arrays.toString(tensor.shape()) + " cannot be laid out as the " + axes.size() + " axes " + ids(axes));
		for (ProcessingStep step : steps)
			step.check(tensor.shape(), axes, sampleTensors);
		for (ProcessingStep step : steps)
			step.apply(tensor, axes, sampleTensors);
	}

	/** The position of the axis {@code axisId}; a step naming an axis the tensor lacks is a description error. */
	static int axisIndex(List<AxisDescription> axes, String axisId, String stepId) {
		for (int d = 0; d < axes.size(); d++)
			if (axes.get(d).id().equals(axisId)) return d;
		throw new VisionJException("The processing step " + stepId + " names the axis '" + axisId +
			"' but the tensor's axes are " + ids(axes) + "; fix the step's axes in the model description.");
	}

	/** Which axes a statistic is computed over: the named ones, or all when {@code axisIds} is null. */
	static boolean[] reduced(List<AxisDescription> axes, List<String> axisIds, String stepId) {
		boolean[] reduced = new boolean[axes.size()];
		if (axisIds == null) Arrays.fill(reduced, true);
		else for (String id : axisIds)
			reduced[axisIndex(axes, id, stepId)] = true;
		return reduced;
	}

	/** The tensor {@code id} of the sample, which a step's {@code reference_tensor} names. */
	static FloatTensor reference(Map<String, FloatTensor> sampleTensors, String id, String stepId) {
		FloatTensor t = sampleTensors.get(id);
		if (t == null) throw new VisionJException("The processing step " + stepId + " needs the tensor '" + id +
			"' but the sample has only " + sampleTensors.keySet() + "; fix the step's reference_tensor in the model description.");
		return t;
	}

	private static List<String> ids(List<AxisDescription> axes) {
		return axes.stream().map(AxisDescription::id).toList();
	}
}
