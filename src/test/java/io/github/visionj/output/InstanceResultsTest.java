package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import io.github.visionj.decode.Instance;
import io.github.visionj.decode.Instances;
import io.github.visionj.output.InstanceResults.PlaneObjects;

class InstanceResultsTest {

	@Test
	void nucleiBecomeNamedMeasuredRois() {
		ImagePlus input = TestImages.nuclei();
		int[] labels = TestImages.nucleiLabels();
		List<Instance> objects = new ArrayList<>();
		for (int l = 1; l <= 24; l++)
			objects.add(new Instance(l, 0, 0.5f + l / 100f));
		InstanceResults results = InstanceResults.of(input, List.of(new PlaneObjects(1, 1, new Instances(labels, 256, 256, objects))),
			"nucleus", List.of("nucleus"));

		assertEquals(24, results.rois().size());
		assertEquals(24, results.rows().size());
		InstanceRow third = results.rows().get(2);
		assertEquals("nucleus-0003", third.label());
		assertEquals("nucleus", third.className());
		assertEquals(0.53f, (float) third.score());
		assertEquals(Measurements.measure(input, results.rois().get(2)), third.measurement());
		assertEquals(labels.length, results.labels().getProcessor().getPixelCount());
		assertEquals(labels[128 * 256 + 100], results.labels().getProcessor().get(100, 128));
	}

	@Test
	void stackPlanesGetTheirPositionAndNames() {
		ImagePlus input = IJ.createImage("in", "8-bit black", 4, 4, 1, 2, 1);
		input.getStack().getProcessor(2).set(1, 1, 50);
		int[] empty = new int[16];
		int[] one = new int[16];
		one[5] = 1;
		List<PlaneObjects> planes = List.of(new PlaneObjects(1, 1, new Instances(empty, 4, 4, List.of())),
			new PlaneObjects(2, 1, new Instances(one, 4, 4, List.of(new Instance(1, 0, 0.9f)))));
		InstanceResults results = InstanceResults.of(input, planes, "cell", List.of("cell"));

		assertEquals(1, results.rows().size());
		InstanceRow row = results.rows().get(0);
		assertEquals("cell-0001-z2", row.label());
		assertEquals(2, row.z());
		assertEquals(1, row.t());
		assertEquals(50, row.measurement().mean());
		assertEquals(2, results.rois().get(0).getPosition());
		assertEquals(2, results.labels().getNSlices());
	}
}
