package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import io.github.visionj.output.OutputFolder;
import io.github.visionj.output.RoiSets;

class DetectAndClassifyCommandTest {

	private static final String MODELS = "src/test/resources/models/";

	@Test
	void detectionsBecomeNamedRectanglesAndRows(@TempDir Path out) {
		ImagePlus image = new ImagePlus("cells", new FloatProcessor(128, 64));
		CommandModule m = Commands.run(DetectCommand.class, "image", image, "model", MODELS + "fixed-boxes-yolov8", "output",
			out.toFile(), "boxes_as_labels", true);
		assertFalse(m.isCanceled(), m.getCancelReason());
		List<Roi> rois = RoiSets.read(out.resolve("cells_rois.zip"));
		assertEquals(List.of("cell 0.90", "debris 0.80"), rois.stream().map(Roi::getName).toList());
		assertEquals(new java.awt.Rectangle(70, 2, 20, 12), rois.get(1).getBounds());
		ResultsTable csv = Commands.csv(out.resolve("cells_results.csv"));
		assertEquals(2, csv.size());
		assertEquals("debris", csv.getStringValue("Class", 1));
		assertEquals(0.8, csv.getValue("Score", 1), 1e-6);
		assertEquals(24, csv.getValue("X", 0), 0);
		assertEquals(16, csv.getValue("Width", 0), 0);
		assertEquals(List.of("cells_labels.tif", "cells_overlay.png", "cells_results.csv", "cells_rois.zip"), files(out));
	}

	@Test
	void planesAndRoisAreClassifiedOneRowEach(@TempDir Path out) throws Exception {
		ImageStack stack = new ImageStack(64, 64);
		for (float v : new float[] { 0.9f, 0.1f })
			stack.addSlice(new FloatProcessor(64, 64, filled(64 * 64, v)));
		ImagePlus image = new ImagePlus("planes", stack);
		CommandModule m = Commands.run(ClassifyCommand.class, "image", image, "model", MODELS + "mean-classifier", "mode", "plane",
			"output", out.resolve("planes").toFile(), "top_k", 2);
		assertFalse(m.isCanceled(), m.getCancelReason());
		ResultsTable csv = Commands.csv(out.resolve("planes/planes_results.csv"));
		assertEquals(2, csv.size());
		assertEquals("bright", csv.getStringValue("Class", 0));
		assertEquals("dark", csv.getStringValue("Class", 1));
		assertEquals("dark", csv.getStringValue("Class 2", 0));
		double e9 = Math.exp(9), e1 = Math.exp(1);
		assertEquals(e9 / (e9 + e1 + 1), csv.getValue("Probability", 0), 1e-5);
		assertEquals(e1 / (e9 + e1 + 1), csv.getValue("dark", 0), 1e-5);

		// two ROIs over a half-bright image; the ROI set is read from a file and written back with classes
		float[] half = new float[64 * 64];
		for (int i = 0; i < half.length; i++)
			half[i] = i % 64 < 32 ? 1 : 0;
		Roi left = new Roi(0, 0, 32, 64), right = new Roi(32, 10, 40, 20); // right reaches past the border
		left.setName("left");
		right.setName("right");
		OutputFolder.open(out.resolve("in"), false).writeRois("set", List.of(left, right));
		m = Commands.run(ClassifyCommand.class, "image", new ImagePlus("half", new FloatProcessor(64, 64, half)), "model",
			MODELS + "mean-classifier", "mode", "rois", "rois", out.resolve("in/set_rois.zip").toFile(), "output",
			out.resolve("rois").toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		csv = Commands.csv(out.resolve("rois/half_results.csv"));
		assertEquals("left", csv.getStringValue("Source", 0));
		assertEquals("bright", csv.getStringValue("Class", 0));
		assertEquals("dark", csv.getStringValue("Class", 1));
		assertEquals(List.of("left [bright]", "right [dark]"),
			RoiSets.read(out.resolve("rois/half_rois.zip")).stream().map(Roi::getName).toList());
	}

	@Test
	void badRoisAreRefused(@TempDir Path out) {
		ImagePlus image = new ImagePlus("img", new FloatProcessor(64, 64));
		OutputFolder.open(out.resolve("in"), false).writeRois("empty", List.of());
		CommandModule m = Commands.run(ClassifyCommand.class, "image", image, "model", MODELS + "mean-classifier", "mode", "rois",
			"rois", out.resolve("in/empty_rois.zip").toFile(), "output", out.resolve("o").toFile());
		assertEquals("The ROI set " + out.resolve("in/empty_rois.zip") + " holds no ROIs; add ROIs or choose another mode.",
			m.getCancelReason());
		Roi outside = new Roi(70, 50, 30, 30);
		outside.setName("outside");
		OutputFolder.open(out.resolve("in"), false).writeRois("outside", List.of(outside));
		m = Commands.run(ClassifyCommand.class, "image", image, "model", MODELS + "mean-classifier", "mode", "rois", "rois",
			out.resolve("in/outside_rois.zip").toFile(), "output", out.resolve("o").toFile());
		assertEquals("ROI 'outside' lies outside the 64x64 image; remove it or choose the image it belongs to.",
			m.getCancelReason());
		assertFalse(Files.exists(out.resolve("o")), "a failed run leaves no output folder");
	}

	private static List<String> files(Path p) {
		try {
			return Commands.files(p);
		}
		catch (java.io.IOException e) {
			throw new AssertionError(e);
		}
	}

	private static float[] filled(int n, float v) {
		float[] a = new float[n];
		java.util.Arrays.fill(a, v);
		return a;
	}
}
