package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.Processing;
import io.github.visionj.model.RegionStatistics;
import io.github.visionj.model.TensorDescription;

/**
 * A model's tensors for one plane or volume: the inputs read from the image in each input's
 * layout, and the description's pre- and postprocessing applied to whole tensors (so per-image
 * statistics are not per tile).
 */
final class Samples {

	private final List<TensorLayout> ins, outs;

	Samples(List<TensorLayout> ins, List<TensorLayout> outs) {
		this.ins = ins;
		this.outs = outs;
	}

	/** The plane (or volume) as one tensor per input in the model's layout, before preprocessing. */
	List<FloatTensor> raw(AxisImage<?> image, Plane plane) {
		long[] spatial = spatialSize(image);
		List<FloatTensor> inputs = new ArrayList<>();
		int first = 0;
		for (TensorLayout i : ins) {
			FloatTensor t = FloatTensor.zeros(i.shape(i.channels(), spatial));
			PlaneReader.read(image, plane, t, i, first, i.channels());
			inputs.add(t);
			first += i.channels();
		}
		return inputs;
	}

	/** {@link #raw} after the inputs' preprocessing. */
	List<FloatTensor> normalised(AxisImage<?> image, Plane plane) {
		List<FloatTensor> inputs = raw(image, plane);
		preprocess(inputs);
		return inputs;
	}

	/** The image's size along the model's spatial axes: z (3D models), y, x. */
	long[] spatialSize(AxisImage<?> image) {
		return ins.get(0).is3d() ? new long[] { image.size(Axis.Z), image.size(Axis.Y), image.size(Axis.X) }
			: new long[] { image.size(Axis.Y), image.size(Axis.X) };
	}

	/** One empty set of whole-plane statistics per input, for its preprocessing ({@link Blocks}). */
	List<RegionStatistics> regionStatistics() {
		return ins.stream().map(i -> new RegionStatistics(i.tensor.processing(), i.tensor.axes(), i.tensor.id())).toList();
	}

	/** Applies each input's preprocessing in place; steps may read the other inputs by id. */
	void preprocess(List<FloatTensor> inputs) {
		Map<String, FloatTensor> sample = byId(inputs, List.of());
		for (int n = 0; n < ins.size(); n++) {
			TensorDescription id = ins.get(n).tensor;
			Processing.apply(id.processing(), inputs.get(n), id.axes(), sample);
		}
	}

	/** Applies each output's postprocessing in place (outputs left out are null). */
	List<FloatTensor> postprocess(List<FloatTensor> outputs, List<FloatTensor> inputs) {
		Map<String, FloatTensor> sample = byId(inputs, outputs);
		for (int j = 0; j < outs.size(); j++)
			if (outputs.get(j) != null) {
				TensorDescription od = outs.get(j).tensor;
				Processing.apply(od.processing(), outputs.get(j), od.axes(), sample);
			}
		return outputs;
	}

	/** The tensors of one sample by id, which processing steps that refer to another tensor read. */
	private Map<String, FloatTensor> byId(List<FloatTensor> inputs, List<FloatTensor> outputs) {
		Map<String, FloatTensor> sample = new HashMap<>();
		for (int n = 0; n < inputs.size(); n++)
			sample.put(ins.get(n).tensor.id(), inputs.get(n));
		for (int j = 0; j < outputs.size(); j++)
			if (outputs.get(j) != null) sample.put(outs.get(j).tensor.id(), outputs.get(j));
		return sample;
	}
}
