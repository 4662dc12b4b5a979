package io.github.visionj.model;

import java.nio.file.Path;
import java.util.List;

/**
 * One input or output of a model.
 *
 * @param id the tensor's id (v0.5) or name (v0.4)
 * @param axes the tensor's axes in memory order (the last varies fastest)
 * @param processing preprocessing of an input or postprocessing of an output, in order
 * @param testTensor the {@code .npy} test tensor of this input or output, or null when the description names none
 */
public record TensorDescription(String id, List<AxisDescription> axes, List<ProcessingStep> processing,
	Path testTensor)
{

	public TensorDescription {
		axes = List.copyOf(axes);
		processing = List.copyOf(processing);
	}

	/** The position of the axis with this normalised id, or -1 when the tensor has no such axis. */
	public int indexOf(String axisId) {
		for (int d = 0; d < axes.size(); d++)
			if (axes.get(d).id().equals(axisId)) return d;
		return -1;
	}
}
