package io.github.visionj.pipeline;

import java.util.Arrays;
import java.util.List;

import io.github.visionj.VisionJException;
import io.github.visionj.image.AxisTiling;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.AxisDescription;

/**
 * What VisionJ can read from a model's outputs: the network's outputs checked against the
 * description before anything reads them, and the runs in which an output that is not a map of
 * the input (boxes, class scores) can be read at all. Each problem is a {@link VisionJException}.
 */
final class OutputCheck {

	private OutputCheck() {}

	/**
	 * Checks the network's outputs: their number, rank, channels and, for maps, their size for
	 * this input ({@code tilings}: of a tile; null: the input whole).
	 */
	static void check(ModelRunner runner, List<FloatTensor> results, List<FloatTensor> inputs, AxisTiling[] tilings) {
		String name = runner.description().name();
		List<TensorLayout> outs = runner.outs;
		if (results.size() < outs.size()) throw new VisionJException("The network of model '" + name + "' returned " +
			results.size() + " tensor(s) but its description names " + outs.size() + " outputs " +
			outs.stream().map(o -> o.tensor.id()).toList() + "; the description or the weights are wrong.");
		long[] spatial = runner.in.spatialOf(inputs.get(0));
		for (int j = 0; j < outs.size(); j++) {
			TensorLayout o = outs.get(j);
			OutputGeometry geometry = runner.geometries.get(j);
			FloatTensor r = results.get(j);
			String problem = null;
			if (r.rank() != o.rank) problem = "it has " + r.rank() + " axes but the description names " + o.rank + " " +
				o.tensor.axes().stream().map(AxisDescription::id).toList();
			else if (o.channel >= 0 && o.channels() > 0 && r.dim(o.channel) != o.channels())
				problem = "axis c has " + r.dim(o.channel) + " channels but the description names " + o.channels();
			else if (geometry != null) {
				int[] dims = o.spatialDims();
				for (int i = 0; problem == null && i < dims.length; i++) {
					long expected = geometry.outputSize(tilings == null ? spatial[i] : tilings[i].tile());
					if (r.dim(dims[i]) != expected) problem = "axis " + o.axis(dims[i]).id() + " has " + r.dim(dims[i]) +
						" pixels but the description makes it " + expected + " (" + geometry + ")";
				}
			}
			if (problem != null) throw new VisionJException("Model '" + name + "' returned a tensor of shape " +
				Arrays.toString(r.shape()) + " as output '" + o.tensor.id() + "' for an input of shape " +
				Arrays.toString(inputs.get(0).shape()) + ": " + problem + "; the description or the weights are wrong.");
		}
	}

	/** Averaging over mirror images needs an output aligned with the image, to mirror back. */
	static void refuseAugmentation(ModelRunner runner, String output) {
		if (runner.options().augment()) throw new VisionJException("Model '" + runner.description().name() + "' outputs " +
			output + ", which VisionJ averages over mirror images only for outputs that are images; run it without augmentation.");
	}

	/** The one input of a model read for {@code output} (boxes, class scores), which VisionJ reads only from such models. */
	static FloatTensor singleInput(ModelRunner runner, List<FloatTensor> inputs, String output) {
		if (inputs.size() == 1) return inputs.get(0);
		throw new VisionJException("Model '" + runner.description().name() + "' has " + inputs.size() + " inputs and outputs " +
			output + "; VisionJ reads " + output + " only from models with one input.");
	}
}
