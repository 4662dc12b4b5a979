package io.github.visionj.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.visionj.VisionJException;

/** Which prediction file is scored against which ground-truth file. */
public final class FilePairs {

	private FilePairs() {}

	/**
	 * Predictions paired with their ground truth, by the truth's name without extension: two files
	 * are one pair; in folders, a truth file {@code a.tif} pairs with the prediction {@code a.*} or
	 * {@code a_labels.tif} (masks), or {@code a_rois.zip} (boxes), so the output folder of Instance
	 * Segment or Detect can be given as it is.
	 *
	 * @return per name, the prediction and the truth, in the truth folder's (sorted) order
	 */
	public static Map<String, Path[]> of(Path pred, Path truth, boolean boxes) {
		if (!Files.exists(pred)) throw new VisionJException("The prediction " + pred + " does not exist; give a file or a folder.");
		if (!Files.exists(truth)) throw new VisionJException("The ground truth " + truth + " does not exist; give a file or a folder.");
		Map<String, Path[]> pairs = new LinkedHashMap<>();
		if (Files.isRegularFile(truth) && Files.isRegularFile(pred)) {
			if (boxes && !pred.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) throw new VisionJException(
				"With 'boxes' the prediction must be a RoiSet.zip (as Detect writes), not " + pred.getFileName() +
					"; give the _rois.zip, or turn 'boxes' off to compare label images.");
			pairs.put(stem(truth), new Path[] { pred, truth });
			return pairs;
		}
		if (!Files.isDirectory(truth) || !Files.isDirectory(pred)) throw new VisionJException(
			"Give two files or two folders to compare, not a file and a folder.");
		Map<String, Path> predicted = new LinkedHashMap<>();
		for (Path p : list(pred)) {
			String name = p.getFileName().toString();
			if (boxes ? name.endsWith(".zip") : !name.endsWith(".zip") && !name.endsWith(".csv") && !name.endsWith("_overlay.png"))
				predicted.put(stem(p).replaceAll(boxes ? "_rois$" : "_labels$", ""), p);
		}
		for (Path t : list(truth)) {
			Path p = predicted.get(stem(t));
			if (p != null) pairs.put(stem(t), new Path[] { p, t });
		}
		if (pairs.isEmpty()) throw new VisionJException("No prediction in " + pred + " has the name of a ground truth in " + truth +
			"; name predictions like their ground truth (a.tif ↔ a.tif or a_labels.tif).");
		return pairs;
	}

	private static List<Path> list(Path folder) {
		try (var files = Files.list(folder)) {
			return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
		}
		catch (IOException e) {
			throw new VisionJException("Cannot list the folder " + folder + " (" + e.getMessage() + "); check its permissions.");
		}
	}

	private static String stem(Path p) {
		String name = p.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}
}
