package io.github.visionj.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.github.visionj.model.BundledModels;
import io.github.visionj.model.ModelDescription;

/**
 * Loads each model once per session and hands out the same {@link LoadedModel} afterwards. A model
 * whose source, description or weights file changed on disk (size or modification time) is
 * reloaded, and the network loaded before is closed.
 */
public final class ModelCache {

	private record Entry(LoadedModel model, String stamp) {}

	private static final Map<Path, Entry> LOADED = new HashMap<>();

	private ModelCache() {}

	/** The model for a bundled model id or the path of a model folder, zip or description. */
	public static synchronized LoadedModel get(String idOrPath) {
		Path source = realPath(BundledModels.resolve(idOrPath));
		Entry entry = LOADED.get(source);
		if (entry != null && entry.stamp().equals(stamp(source, entry.model().description()))) return entry.model();
		ModelDescription description = ModelDescription.load(source);
		LoadedModel model = new LoadedModel(description, TorchScriptModel.load(description.torchscriptWeights()));
		if (entry != null) entry.model().network().close();
		LOADED.put(source, new Entry(model, stamp(source, description)));
		return model;
	}

	/** Closes every cached network and forgets them. */
	public static synchronized void clear() {
		LOADED.values().forEach(e -> e.model().network().close());
		LOADED.clear();
	}

	private static String stamp(Path source, ModelDescription d) {
		StringBuilder s = new StringBuilder();
		for (Path p : Files.isRegularFile(source) ? new Path[] { source, d.file(), d.torchscriptWeights() }
			: new Path[] { d.file(), d.torchscriptWeights() })
		{
			try {
				s.append(Files.size(p)).append('@').append(Files.getLastModifiedTime(p).toMillis()).append(';');
			}
			catch (IOException e) {
				s.append("missing;");
			}
		}
		return s.toString();
	}

	private static Path realPath(Path p) {
		try {
			return p.toRealPath();
		}
		catch (IOException e) {
			return p.toAbsolutePath().normalize();
		}
	}
}
