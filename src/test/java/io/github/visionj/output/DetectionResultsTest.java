package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import io.github.visionj.VisionJException;
import io.github.visionj.decode.Detection;
import io.github.visionj.output.DetectionResults.PlaneBoxes;

class DetectionResultsTest {

	/** A stack of two 6x4 slices, pixels 0.5 µm wide. */
	private static ImagePlus stack() {
		ImageStack s = new ImageStack(6, 4);
		s.addSlice(new ByteProcessor(6, 4));
		s.addSlice(new ByteProcessor(6, 4));
		ImagePlus imp = new ImagePlus("cells.tif", s);
		imp.getCalibration().pixelWidth = 0.5;
		imp.getCalibration().pixelHeight = 0.5;
		return imp;
	}

	private static final List<PlaneBoxes> PLANES = List.of(
		new PlaneBoxes(1, 1, List.of(new Detection(0, 0, 3, 2, 1, 0.9f), new Detection(1.5, 1, 3, 3, 0, 0.6f))),
		new PlaneBoxes(2, 1, List.of(new Detection(4, 2, 2, 2, 0, 0.75f))));

	@Test
	void boxesBecomeNamedPlacedRoisAndCalibratedRows() {
		DetectionResults r = DetectionResults.of(stack(), PLANES, List.of("cell", "dividing"), "m", null);
		assertEquals(List.of("dividing 0.90", "cell 0.60", "cell 0.75"), r.rois().stream().map(Roi::getName).toList());
		assertEquals(List.of(1, 1, 2), r.rois().stream().map(Roi::getPosition).toList());
		assertEquals(r.rois().subList(0, 2), r.firstPlaneRois());
		assertEquals(new DetectionRow("cell", 0.75f, 2, 1, 1, 1, 2, 1), r.rows().get(2));
		assertNull(r.labels());
		assertEquals(2, DetectionResults.classes(PLANES));
		assertEquals(1, DetectionResults.classes(List.of(new PlaneBoxes(1, 1, List.of()))));
	}

	@Test
	void boxLabelsKeepTheBetterBoxOnTopAndRunOnAcrossPlanes() {
		ImagePlus labels = DetectionResults.of(stack(), PLANES, List.of("cell", "dividing"), "m", "cells_labels").labels();
		assertEquals("cells_labels", labels.getTitle());
		assertEquals(2, labels.getStackSize());
		int[] first = new int[24], second = new int[24];
		for (int i = 0; i < 24; i++) {
			first[i] = (int) labels.getStack().getProcessor(1).getf(i);
			second[i] = (int) labels.getStack().getProcessor(2).getf(i);
		}
		// box 1 covers x 0..2, y 0..1; box 2 (x 1.5..4.5, y 1..4) covers pixels x 1..4, y 1..3, under box 1
		assertArrayEquals(new int[] {
			1, 1, 1, 0, 0, 0,
			1, 1, 1, 2, 2, 0,
			0, 2, 2, 2, 2, 0,
			0, 2, 2, 2, 2, 0 }, first);
		assertEquals(3, second[2 * 6 + 4]);
		assertEquals(3, second[3 * 6 + 5]);
		assertEquals(0, second[0]);
	}

	@Test
	void aClassTheModelDoesNotNameIsRefused() {
		assertEquals("Model 'm' found class 1 but names 1 class(es) in config.visionj.classes; name every class the model outputs.",
			assertThrows(VisionJException.class, () -> DetectionResults.of(stack(), PLANES, List.of("cell"), "m", null))
				.getMessage());
	}
}
