package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.Roi;
import io.github.visionj.VisionJException;

class RoiLabelsTest {

	private static final ImagePlus SMALL = IJ.createImage("small", "8-bit black", 8, 8, 1);

	@Test
	void theRoisOfALabelImagePaintItBackNumberedInTheirOrder() {
		int[] labels = TestImages.nucleiLabels();
		int[] present = Arrays.stream(labels).filter(l -> l > 0).distinct().sorted().toArray();
		List<Roi> rois = Rois.ofLabels(labels, 256, 256, l -> Rois.objectName("nucleus", l));
		int[][] planes = RoiLabels.of(rois, IJ.createImage("nuclei", "8-bit black", 256, 256, 1), "the overlay");

		assertEquals(1, planes.length);
		int[] expected = new int[labels.length];
		for (int p = 0; p < labels.length; p++)
			expected[p] = labels[p] == 0 ? 0 : Arrays.binarySearch(present, labels[p]) + 1;
		assertArrayEquals(expected, planes[0]);
	}

	@Test
	void whereRoisOverlapTheLaterWins() {
		Roi a = new Roi(0, 0, 4, 4), b = new Roi(2, 2, 4, 4);
		int[] ab = RoiLabels.of(List.of(a, b), SMALL, "the overlay")[0], ba = RoiLabels.of(List.of(b, a), SMALL, "the overlay")[0];
		assertEquals(List.of(1, 2, 2, 0), List.of(ab[1 * 8 + 1], ab[3 * 8 + 3], ab[5 * 8 + 5], ab[7 * 8 + 7]));
		assertEquals(List.of(2, 2, 1, 0), List.of(ba[1 * 8 + 1], ba[3 * 8 + 3], ba[5 * 8 + 5], ba[7 * 8 + 7]));
		assertEquals(16 + 12, Arrays.stream(ab).filter(l -> l > 0).count());
	}

	@Test
	void partsOutsideTheImageAreLeftOutAndShapesAreFollowed() {
		int[] plane = RoiLabels.of(List.of(new Roi(-2, -2, 4, 4), new ij.gui.OvalRoi(4, 4, 4, 4)), SMALL, "the overlay")[0];
		assertEquals(4, Arrays.stream(plane).filter(l -> l == 1).count());
		assertEquals(List.of(1, 1, 1, 0), List.of(plane[0], plane[1], plane[8 + 1], plane[2]));
		assertEquals(new ij.gui.OvalRoi(4, 4, 4, 4).getContainedPoints().length, Arrays.stream(plane).filter(l -> l == 2).count());
		assertEquals(List.of(0, 2), List.of(plane[4 * 8 + 4], plane[5 * 8 + 5])); // the oval's corner is outside it
	}

	/** Planes are (z, t), z fastest; a ROI without a position is on every plane, a 0 in its position means every z or t. */
	@Test
	void eachRoiGoesToThePlanesOfItsPosition() {
		ImagePlus hyperstack = IJ.createHyperStack("h", 8, 8, 2, 3, 2, 8);
		Roi onZ2T1 = new Roi(0, 0, 2, 2), onT2 = new Roi(2, 0, 2, 2), everywhere = new Roi(4, 0, 2, 2), byIndex = new Roi(6, 0, 2, 2);
		onZ2T1.setPosition(0, 2, 1);
		onT2.setPosition(1, 0, 2); // the channel does not matter: channels share a plane
		byIndex.setPosition(hyperstack.getStackIndex(2, 3, 2));
		int[][] planes = RoiLabels.of(List.of(onZ2T1, onT2, everywhere, byIndex), hyperstack, "the ROI Manager");

		assertEquals(6, planes.length);
		int[][] expected = { { 3 }, { 1, 3 }, { 3 }, { 2, 3 }, { 2, 3 }, { 2, 3, 4 } }; // z1t1, z2t1, z3t1, z1t2, z2t2, z3t2
		for (int p = 0; p < 6; p++)
			assertArrayEquals(expected[p], Arrays.stream(planes[p]).filter(l -> l > 0).distinct().sorted().toArray(), "plane " + p);

		ImagePlus stack = IJ.createImage("s", "8-bit black", 8, 8, 3);
		Roi second = new Roi(0, 0, 2, 2);
		second.setPosition(2);
		int[][] stackPlanes = RoiLabels.of(List.of(second), stack, "the ROI Manager");
		assertEquals(List.of(0, 1, 0), Arrays.stream(stackPlanes).map(p -> p[0]).toList());
	}

	@Test
	void aLineOrARoiOfAnotherImageIsNamed() {
		Roi line = new Line(0, 0, 5, 5);
		line.setName("edge");
		assertEquals("ROI 2 ('edge') of the ROI Manager is a straight line, not an area; delete it or outline the object, since each ROI " +
			"is one object of the labels.", assertThrows(VisionJException.class,
				() -> RoiLabels.of(List.of(new Roi(0, 0, 2, 2), line), SMALL, "the ROI Manager")).getMessage());
		Roi far = new Roi(0, 0, 2, 2);
		far.setPosition(5);
		assertEquals("ROI 1 of the overlay is on plane 5, but the image has 3; use the ROIs of this image.", assertThrows(
			VisionJException.class, () -> RoiLabels.of(List.of(far), IJ.createImage("s", "8-bit black", 8, 8, 3), "the overlay")).getMessage());
	}
}
