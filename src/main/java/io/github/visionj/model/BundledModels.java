package io.github.visionj.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

import io.github.visionj.VisionJException;

/**
 * The models shipped inside VisionJ. The jar carries the repository's {@code models/} folder under
 * {@code visionj/models/}, with {@code index.txt} listing every shipped file as {@code <model id>/<path>};
 * a test keeps that list equal to the folder. A model inside a jar is copied once into the cache.
 */
public final class BundledModels {

	static final String ROOT = "visionj/models/";

	private BundledModels() {}

	/** The ids of the bundled models, sorted. */
	public static List<String> ids() {
		return ids(BundledModels.class.getClassLoader());
	}

	static List<String> ids(ClassLoader loader) {
		return index(loader).stream().map(f -> f.substring(0, f.indexOf('/'))).distinct().sorted().toList();
	}

	/**
	 * The model folder (or zip or description) to load. A bundled model id always means that model, even
	 * when the working folder holds a file or folder of that name (write {@code ./nuclei} for that one);
	 * anything else must be an existing path.
	 */
	public static Path resolve(String idOrPath) {
		return resolve(idOrPath, BundledModels.class.getClassLoader());
	}

	static Path resolve(String idOrPath, ClassLoader loader) {
		List<String> files = index(loader).stream().filter(f -> f.startsWith(idOrPath + "/")).toList();
		if (!files.isEmpty() && !idOrPath.contains("/")) return folder(idOrPath, files, loader);
		try {
			Path path = Path.of(idOrPath);
			if (Files.exists(path)) return path;
		}
		catch (InvalidPathException e) {
			// neither an id nor a path on this system
		}
		throw new VisionJException("No model '" + idOrPath + "': give a bundled model id (" +
			String.join(", ", ids(loader)) + ") or the path of a bioimage.io model folder or .zip.");
	}

	/** The lines of index.txt: shipped files relative to {@code models/}. */
	static List<String> index(ClassLoader loader) {
		try (InputStream in = resource("index.txt", loader).openStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
				.filter(l -> !l.isEmpty() && !l.startsWith("#") && l.contains("/")).toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A real folder when the classes run from a folder (the build), else a copy in the cache. */
	private static Path folder(String id, List<String> files, ClassLoader loader) {
		URL url = resource(files.get(0), loader);
		try {
			if (url.getProtocol().equals("file")) return Path.of(resource("index.txt", loader).toURI()).getParent().resolve(id);
			URLConnection c = url.openConnection();
			String version = c instanceof JarURLConnection jar ? CacheFolder.stamp(Path.of(jar.getJarFileURL().toURI()))
				: Integer.toHexString(String.join("\n", files).hashCode());
			return CacheFolder.filled("models", id + "-" + version, folder -> {
				for (String f : files)
					try (InputStream in = resource(f, loader).openStream()) {
						Path target = folder.resolve(f.substring(id.length() + 1));
						Files.createDirectories(target.getParent());
						Files.copy(in, target);
					}
			});
		}
		catch (IOException | URISyntaxException e) {
			throw new VisionJException("Cannot read the bundled model " + id + " (" + e.getMessage() +
				"); reinstall VisionJ.", e);
		}
	}

	private static URL resource(String file, ClassLoader loader) {
		URL url = loader.getResource(ROOT + file);
		if (url == null) throw new VisionJException("The bundled model file " + file + " is missing from VisionJ; reinstall VisionJ.");
		return url;
	}
}
