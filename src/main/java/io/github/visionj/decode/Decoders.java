package io.github.visionj.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.scijava.InstantiableException;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;

import io.github.visionj.VisionJException;

/** Finds decoders by key among the {@code @Plugin(type = Decoder.class)} classes on the class path. */
public final class Decoders {

	private static final Map<Class<? extends Decoder>, String> TASKS = Map.of(
		InstanceDecoder.class, "instance segmentation",
		SemanticDecoder.class, "semantic segmentation",
		DetectionDecoder.class, "detection",
		ClassificationDecoder.class, "classification");

	private Decoders() {}

	/** The known decoders' plugin information by key, discovered once without a SciJava context. */
	private static final class Known {

		static final Map<String, PluginInfo<Decoder>> BY_KEY = discover();

		private static Map<String, PluginInfo<Decoder>> discover() {
			PluginIndex index = new PluginIndex();
			index.discover();
			Map<String, PluginInfo<Decoder>> byKey = new TreeMap<>();
			for (PluginInfo<Decoder> info : index.getPlugins(Decoder.class))
				byKey.put(info.getName(), info);
			return byKey;
		}
	}

	/** The keys of all known decoders, sorted. */
	public static List<String> keys() {
		return new ArrayList<>(Known.BY_KEY.keySet());
	}

	/** A new instance of the decoder with this key. */
	public static Decoder byKey(String key) {
		PluginInfo<Decoder> info = Known.BY_KEY.get(key);
		if (info == null) throw new VisionJException("Unknown decoder '" + key + "'; set config.visionj.decoder to one of " +
			String.join(", ", keys()) + ".");
		try {
			return info.createInstance();
		}
		catch (InstantiableException e) {
			throw new VisionJException("Decoder '" + key + "' could not be created (" + e.getMessage() +
				"); reinstall VisionJ.", e);
		}
	}

	/**
	 * The decoder with this key, as the capability a task needs.
	 *
	 * @param task the task in words for the message, e.g. "instance segmentation"
	 */
	public static <T extends Decoder> T require(String key, Class<T> capability, String task) {
		Decoder decoder = byKey(key);
		if (capability.isInstance(decoder)) return capability.cast(decoder);
		throw new VisionJException("Decoder '" + key + "' cannot do " + task + "; it does " + tasksOf(decoder) +
			", so choose a model made for " + task + ".");
	}

	private static String tasksOf(Decoder decoder) {
		List<String> tasks = new ArrayList<>();
		TASKS.forEach((type, task) -> {
			if (type.isInstance(decoder)) tasks.add(task);
		});
		tasks.sort(null);
		return String.join(" and ", tasks);
	}
}
