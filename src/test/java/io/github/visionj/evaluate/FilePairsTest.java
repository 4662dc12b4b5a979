package io.github.visionj.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.VisionJException;

class FilePairsTest {

	private static Path touch(Path file) throws Exception {
		Files.createDirectories(file.getParent());
		return Files.writeString(file, "x");
	}

	@Test
	void foldersPairByTheTruthsNameInTruthOrder(@TempDir Path dir) throws Exception {
		for (String name : List.of("b.tif", "a.tif", "c.tif", ".hidden.tif"))
			touch(dir.resolve("truth").resolve(name));
		// Instance Segment's output folder: labels, ROIs, table and overlay per image
		for (String name : List.of("a_labels.tif", "a_rois.zip", "a_results.csv", "a_overlay.png", "b.tif", "b_rois.zip", "d.tif"))
			touch(dir.resolve("pred").resolve(name));

		Map<String, Path[]> masks = FilePairs.of(dir.resolve("pred"), dir.resolve("truth"), false);
		assertEquals(List.of("a", "b"), List.copyOf(masks.keySet()));
		assertArrayEquals(new Path[] { dir.resolve("pred/a_labels.tif"), dir.resolve("truth/a.tif") }, masks.get("a"));
		assertArrayEquals(new Path[] { dir.resolve("pred/b.tif"), dir.resolve("truth/b.tif") }, masks.get("b"));

		Map<String, Path[]> boxes = FilePairs.of(dir.resolve("pred"), dir.resolve("truth"), true);
		assertEquals(List.of("a", "b"), List.copyOf(boxes.keySet()));
		assertEquals(dir.resolve("pred/b_rois.zip"), boxes.get("b")[0]);
	}

	@Test
	void twoFilesAreOnePairNamedByTheTruth(@TempDir Path dir) throws Exception {
		Path pred = touch(dir.resolve("p.zip")), truth = touch(dir.resolve("img.tif"));
		Map<String, Path[]> pairs = FilePairs.of(pred, truth, true);
		assertEquals(List.of("img"), List.copyOf(pairs.keySet()));
		assertArrayEquals(new Path[] { pred, truth }, pairs.get("img"));
	}

	@Test
	void inputsThatCannotPairAreRefused(@TempDir Path dir) throws Exception {
		Path tif = touch(dir.resolve("p.tif")), truth = touch(dir.resolve("t/a.tif"));
		assertEquals("With 'boxes' the prediction must be a RoiSet.zip (as Detect writes), not p.tif; give the _rois.zip, or " +
			"turn 'boxes' off to compare label images.", assertThrows(VisionJException.class, () -> FilePairs.of(tif, truth, true))
				.getMessage());
		assertEquals("Give two files or two folders to compare, not a file and a folder.",
			assertThrows(VisionJException.class, () -> FilePairs.of(tif, dir.resolve("t"), false)).getMessage());
		assertEquals("The prediction " + dir.resolve("none") + " does not exist; give a file or a folder.",
			assertThrows(VisionJException.class, () -> FilePairs.of(dir.resolve("none"), truth, false)).getMessage());
		touch(dir.resolve("p/b.tif"));
		assertEquals("No prediction in " + dir.resolve("p") + " has the name of a ground truth in " + dir.resolve("t") +
			"; name predictions like their ground truth (a.tif ↔ a.tif or a_labels.tif).", assertThrows(VisionJException.class,
				() -> FilePairs.of(dir.resolve("p"), dir.resolve("t"), false)).getMessage());
	}
}
