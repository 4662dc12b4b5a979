package io.github.visionj.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.visionj.VisionJException;
import io.github.visionj.engine.TrainableNetwork.Weights;

/**
 * Which layers of a network a fine-tuning trains; the others keep the parent's weights. With few
 * annotated images and minutes of CPU, training fewer layers changes the model less at random and
 * makes each step cheaper (no backward pass through the frozen layers before the first trained one).
 * Layers are told apart by the parameters' names and order in the TorchScript module.
 */
public enum TrainedLayers {

	/**
	 * The top-level modules after the largest one (the network's body), e.g. the heads {@code
	 * head}, {@code prob}, {@code dist} of {@code nuclei} after its {@code unet}.
	 */
	OUTPUT("output", 1e-3),

	/**
	 * The later half of the parameter tensors, in the module's order: for an encoder-decoder
	 * network (U-Net), the decoder and the output layers, while the encoder keeps its features.
	 */
	DECODER("decoder", 3e-4),

	/** Every parameter. */
	ALL("all", 1e-4);

	private final String key;
	private final double learningRate;

	TrainedLayers(String key, double learningRate) {
		this.key = key;
		this.learningRate = learningRate;
	}

	/**
	 * Adam's learning rate for these layers: the fewer layers train, the larger the step that still
	 * keeps the rest of the network's features meaningful to them.
	 */
	public double learningRate() {
		return learningRate;
	}

	/** The name users give: the macro and launcher value. */
	public String key() {
		return key;
	}

	public static TrainedLayers of(String key) {
		for (TrainedLayers l : values())
			if (l.key.equals(key)) return l;
		throw new VisionJException("Layers to train must be one of " + keys() + ", not '" + key + "'.");
	}

	public static List<String> keys() {
		return Arrays.stream(values()).map(TrainedLayers::key).toList();
	}

	/** The names of the parameter tensors to train, of a network's tensors in the module's order. */
	public Set<String> select(List<Weights> weights) {
		List<Weights> chosen = switch (this) {
			case ALL -> weights;
			case DECODER -> weights.subList(weights.size() / 2, weights.size());
			case OUTPUT -> afterLargestModule(weights);
		};
		return chosen.stream().map(Weights::name).collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private static List<Weights> afterLargestModule(List<Weights> weights) {
		Map<String, Long> sizes = new LinkedHashMap<>();
		for (Weights w : weights)
			sizes.merge(topModule(w.name()), w.size(), Long::sum);
		String body = sizes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
		List<String> modules = List.copyOf(sizes.keySet());
		List<String> after = modules.subList(modules.indexOf(body) + 1, modules.size());
		if (after.isEmpty()) throw new VisionJException("The network has no output layers after its largest part '" + body +
			"'; train all layers or the decoder instead.");
		return weights.stream().filter(w -> after.contains(topModule(w.name()))).toList();
	}

	/** The top-level module a parameter belongs to: {@code unet} of {@code unet.enc.0.0.weight}; a parameter of the root module is its own. */
	private static String topModule(String name) {
		int dot = name.indexOf('.');
		return dot < 0 ? name : name.substring(0, dot);
	}
}
