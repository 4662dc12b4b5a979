package io.github.visionj.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.github.visionj.VisionJException;

/**
 * Finds the description file of a model given as a folder, a .zip or the description itself.
 * In a folder, {@code bioimageio.yaml} is preferred over {@code rdf.yaml}, and both over a single
 * {@code *.bioimageio.yaml}; a zip is unpacked once into the cache. A description larger than
 * 3 MB is refused before it is read.
 */
final class DescriptionFile {

	private static final List<String> PREFERRED = List.of("bioimageio.yaml", "rdf.yaml");

	/** The largest description read, in bytes: SnakeYAML's default limit of 3 M characters. */
	private static final long MAX_BYTES = 3 << 20;

	private DescriptionFile() {}

	static Path find(Path path) {
		Path file = locate(path);
		try {
			long size = Files.size(file);
			// SnakeYAML stops at 3 M characters itself, but only after parsing them: minutes for a large file
			if (size > MAX_BYTES) throw new VisionJException("The model description " + file + " is " +
				((size + (1 << 20) - 1) >> 20) + " MB, more than the " + (MAX_BYTES >> 20) + " MB a description may have; " +
				"give the description of a bioimage.io model.");
		}
		catch (IOException e) {
			throw new VisionJException("Cannot read the model description " + file + " (" + e.getMessage() +
				"); check that it is readable.", e);
		}
		return file;
	}

	private static Path locate(Path path) {
		if (Files.isDirectory(path)) return inFolder(path, true);
		if (!Files.isRegularFile(path)) throw new VisionJException("No model at " + path +
			": give the path of a bioimage.io model folder, .zip or description .yaml.");
		String name = path.getFileName().toString().toLowerCase();
		if (name.endsWith(".yaml") || name.endsWith(".yml")) return path;
		if (name.endsWith(".zip")) return inFolder(unpacked(path), true);
		throw new VisionJException("The file " + path + " is not a model: give a bioimage.io model folder, .zip " +
			"or description .yaml.");
	}

	/** The description in the folder, or (for zips made of one folder) in its only subfolder. */
	private static Path inFolder(Path folder, boolean lookInside) {
		for (String name : PREFERRED)
			if (Files.isRegularFile(folder.resolve(name))) return folder.resolve(name);
		List<Path> others = list(folder, p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".bioimageio.yaml"));
		if (others.size() == 1) return others.get(0);
		if (others.size() > 1) throw new VisionJException("The folder " + folder + " holds several model descriptions " +
			others.stream().map(p -> p.getFileName().toString()).sorted().toList() + "; give the path of the one to use.");
		List<Path> folders = list(folder, Files::isDirectory);
		if (lookInside && folders.size() == 1) return inFolder(folders.get(0), false);
		throw new VisionJException("The folder " + folder + " has no model description (bioimageio.yaml, rdf.yaml or " +
			"*.bioimageio.yaml); give the folder of a bioimage.io model.");
	}

	private static List<Path> list(Path folder, Predicate<Path> filter) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(filter).toList();
		}
		catch (IOException e) {
			throw new VisionJException("Cannot list the folder " + folder + " (" + e.getMessage() + "); check that it is readable.", e);
		}
	}

	private static Path unpacked(Path zip) {
		String name = zip.getFileName().toString().replaceFirst("(?i)\\.zip$", "");
		return CacheFolder.filled("zips", name + "-" + CacheFolder.stamp(zip),
			folder -> ModelZip.unpack(zip, folder, ModelZip.Limits.DEFAULT));
	}
}
