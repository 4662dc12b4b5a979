package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.visionj.engine.LoadedModel;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.Processing;
import io.github.visionj.model.TensorDescription;

/**
 * Runs a model on raw input tensors exactly as bioimage.io runs its test tensors: each input's
 * preprocessing, the network once on exactly those shapes (no tiles), each output's postprocessing.
 * This is the path the self-check uses to reproduce a description's test outputs.
 */
final class TestRun {

	private TestRun() {}

	/**
	 * @param inputs one raw tensor per described input, in order; they are preprocessed in place
	 * @return one tensor per described output, in order
	 * @throws IllegalArgumentException when a tensor does not have the axes the description gives it
	 */
	static List<FloatTensor> outputs(LoadedModel model, List<FloatTensor> inputs) {
		List<TensorDescription> in = model.description().inputs(), out = model.description().outputs();
		Map<String, FloatTensor> sample = new HashMap<>();
		for (int i = 0; i < in.size(); i++)
			sample.put(in.get(i).id(), inputs.get(i));
		for (int i = 0; i < in.size(); i++)
			Processing.apply(in.get(i).processing(), inputs.get(i), in.get(i).axes(), sample);
		List<FloatTensor> results = model.network().predict(inputs);
		if (results.size() < out.size()) throw new IllegalArgumentException("the network gives " + results.size() +
			" outputs but the description names " + out.size());
		List<FloatTensor> outputs = new ArrayList<>(results.subList(0, out.size()));
		for (int i = 0; i < out.size(); i++)
			sample.put(out.get(i).id(), outputs.get(i));
		for (int i = 0; i < out.size(); i++)
			Processing.apply(out.get(i).processing(), outputs.get(i), out.get(i).axes(), sample);
		return outputs;
	}
}
