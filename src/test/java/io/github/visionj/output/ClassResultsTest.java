package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import io.github.visionj.decode.ClassMap;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.pipeline.Plane;
import io.github.visionj.pipeline.PlaneResult;

class ClassResultsTest {

	/** Class 1 in the left column, class 2 in the bottom-right pixel of a 2x2 plane. */
	private static final int[] CLASSES = { 1, 0, 1, 2 };

	@Test
	void classesOfOnePlaneBecomeAnImageRoisAndAreas() {
		ImagePlus input = IJ.createImage("cells.tif", "8-bit black", 2, 2, 1);
		input.getCalibration().pixelWidth = 0.5;
		input.getCalibration().pixelHeight = 0.5;
		ClassResults results = ClassResults.of(input, List.of(new PlaneResult<>(new Plane(0, 0), new ClassMap(CLASSES, 2, 2,
			null))), List.of("nucleus", "border"), false);

		assertEquals("cells_classes", results.classes().getTitle());
		assertEquals(2, results.classes().getProcessor().get(1, 1));
		assertNull(results.probabilities());
		assertEquals(List.of("nucleus", "border"), results.rois().stream().map(r -> r.getName()).toList());
		assertEquals(List.of(new ClassAreaRow(1, "nucleus", 0.5, 1, 1), new ClassAreaRow(2, "border", 0.25, 1, 1)),
			results.rows());
	}

	@Test
	void unnamedClassesAreNumberedUpToTheLargestFoundAndStackRoisNamedByPlane() {
		ImagePlus input = IJ.createImage("cells", "8-bit black", 2, 2, 2);
		ClassResults results = ClassResults.of(input, List.of(
			new PlaneResult<>(new Plane(0, 0), new ClassMap(new int[4], 2, 2, null)),
			new PlaneResult<>(new Plane(1, 0), new ClassMap(CLASSES, 2, 2, null))), List.of(), false);

		assertEquals(List.of("class 1-z2-t1", "class 2-z2-t1"), results.rois().stream().map(r -> r.getName()).toList());
		assertEquals(2, results.rois().get(0).getPosition());
		assertEquals(4, results.rows().size());
		assertEquals(new ClassAreaRow(1, "class 1", 0, 1, 1), results.rows().get(0));
		assertEquals(new ClassAreaRow(1, "class 1", 2, 2, 1), results.rows().get(2));
	}

	@Test
	void probabilityMapsOnlyWhenAskedForAndEveryPlaneHasThem() {
		ImagePlus input = IJ.createImage("cells", "8-bit black", 2, 2, 2);
		FloatTensor maps = new FloatTensor(new float[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.9f, 0.8f, 0.7f, 0.6f }, 2, 2, 2);
		PlaneResult<ClassMap> withMaps = new PlaneResult<>(new Plane(0, 0), new ClassMap(CLASSES, 2, 2, maps));
		PlaneResult<ClassMap> without = new PlaneResult<>(new Plane(1, 0), new ClassMap(CLASSES, 2, 2, null));

		ImagePlus probabilities = ClassResults.of(input, List.of(withMaps, withMaps), List.of("a", "b"), true).probabilities();
		assertNotNull(probabilities);
		assertEquals("cells_probabilities", probabilities.getTitle());
		assertNull(ClassResults.of(input, List.of(withMaps, withMaps), List.of("a", "b"), false).probabilities());
		assertNull(ClassResults.of(input, List.of(withMaps, without), List.of("a", "b"), true).probabilities());
	}
}
