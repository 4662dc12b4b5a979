package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import io.github.visionj.decode.Detection;

class RoisTest {

	@Test
	void oneRoiPerNucleusCoveringExactlyItsPixels() {
		int[] labels = TestImages.nucleiLabels();
		int[] present = Arrays.stream(labels).filter(l -> l > 0).distinct().sorted().toArray();
		List<Roi> rois = Rois.ofLabels(labels, 256, 256, l -> Rois.objectName("nucleus", l));

		assertEquals(24, present.length);
		assertEquals(present.length, rois.size());
		for (int i = 0; i < present.length; i++) {
			int label = present[i];
			assertEquals(Rois.objectName("nucleus", label), rois.get(i).getName());
			boolean[] expected = new boolean[labels.length];
			for (int p = 0; p < labels.length; p++)
				expected[p] = labels[p] == label;
			assertArrayEquals(expected, TestImages.filled(rois.get(i), 256, 256), "label " + label);
		}
	}

	@Test
	void tracesHolesAndSeparatePieces() {
		int[] labels = {
			0, 0, 0, 0, 0, 0, 0,
			0, 1, 1, 1, 0, 0, 0,
			0, 1, 0, 1, 0, 2, 0,
			0, 1, 1, 1, 0, 0, 0,
			0, 0, 0, 0, 0, 0, 1 };
		List<Roi> rois = Rois.ofLabels(labels, 7, 5, l -> "object " + l);

		assertEquals(2, rois.size());
		boolean[] one = TestImages.filled(rois.get(0), 7, 5);
		for (int p = 0; p < labels.length; p++)
			assertEquals(labels[p] == 1, one[p], "pixel " + p);
		assertEquals(new Rectangle(5, 2, 1, 1), rois.get(1).getBounds());
		assertEquals("object 2", rois.get(1).getName());
	}

	@Test
	void classRoiCoversAllPixelsOfTheClass() {
		int[] classes = { 0, 2, 2, 1, 0, 2 };
		Roi roi = Rois.ofClass(classes, 3, 2, 2);

		assertArrayEquals(new boolean[] { false, true, true, false, false, true }, TestImages.filled(roi, 3, 2));
		assertNull(Rois.ofClass(classes, 3, 2, 3));
	}

	@Test
	void boxKeepsSubPixelEdgesAndNamesClassAndScore() {
		Roi roi = Rois.ofBox(new Detection(1.5, 2.25, 10, 4.5, 0, 0.876f), "nucleus");

		assertEquals(new Rectangle2D.Double(1.5, 2.25, 10, 4.5), roi.getFloatBounds());
		assertEquals("nucleus 0.88", roi.getName());
	}

	@Test
	void namesArePaddedToFourDigits() {
		assertEquals("nucleus-0042", Rois.objectName("nucleus", 42));
		assertEquals("cell-12345", Rois.objectName("cell", 12345));
	}

	@Test
	void placesRoisOnAHyperstackPlaneForAllChannels() {
		ImagePlus image = IJ.createImage("h", "8-bit black", 4, 4, 2, 3, 2);
		Roi roi = new Roi(0, 0, 2, 2);
		Rois.place(List.of(roi), image, 2, 1);

		assertTrue(roi.hasHyperStackPosition());
		assertEquals(0, roi.getCPosition());
		assertEquals(2, roi.getZPosition());
		assertEquals(1, roi.getTPosition());
	}

	@Test
	void placesRoisOnAPlainStackSlice() {
		ImagePlus image = IJ.createImage("z", "8-bit black", 4, 4, 5);
		Roi roi = new Roi(0, 0, 2, 2);
		Rois.place(List.of(roi), image, 4, 1);

		assertFalse(roi.hasHyperStackPosition());
		assertEquals(4, roi.getPosition());
	}
}
