package io.github.visionj.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.github.visionj.model.BundledModels;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.WeightsFormat;

/**
 * Loads each model once per weights choice and hands out the same {@link LoadedModel} afterwards,
 * until it is closed. A model whose source, description or weights file changed on disk (size or
 * modification time) is reloaded, and the network loaded before is closed. The commands use the
 * one of their SciJava context ({@link ModelCacheService}), disposed with it; the launcher's check
 * task and the tests hold their own.
 */
public final class ModelCache implements AutoCloseable {

	private record Key(Path source, WeightsFormat format) {}

	private record Entry(LoadedModel model, String stamp) {}

	private final Map<Key, Entry> loaded = new HashMap<>();

	/** The model for a bundled model id or the path of a model folder, zip or description, with its preferred weights. */
	public LoadedModel get(String idOrPath) {
		return get(idOrPath, null);
	}

	/**
	 * The model for a bundled model id or the path of a model folder, zip or description.
	 *
	 * @param format the weights to run, or null for the description's preferred ones (TorchScript, else ONNX)
	 */
	public synchronized LoadedModel get(String idOrPath, WeightsFormat format) {
		Key key = new Key(realPath(BundledModels.resolve(idOrPath)), format);
		Entry entry = loaded.get(key);
		if (entry != null && entry.stamp().equals(stamp(key.source(), entry.model().description()))) return entry.model();
		ModelDescription description = ModelDescription.load(key.source(), format);
		LoadedModel model = new LoadedModel(description, Network.load(description.weights()));
		if (entry != null) entry.model().network().close();
		loaded.put(key, new Entry(model, stamp(key.source(), description)));
		return model;
	}

	/** Closes every cached network and forgets them; a later {@link #get} loads again. */
	@Override
	public synchronized void close() {
		loaded.values().forEach(e -> e.model().network().close());
		loaded.clear();
	}

	private static String stamp(Path source, ModelDescription d) {
		Path weights = d.weights().file();
		StringBuilder s = new StringBuilder();
		for (Path p : Files.isRegularFile(source) ? new Path[] { source, d.file(), weights } : new Path[] { d.file(), weights }) {
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
