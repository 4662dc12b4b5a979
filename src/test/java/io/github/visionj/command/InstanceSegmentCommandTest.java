package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import io.github.visionj.evaluate.InstanceMatching;
import io.github.visionj.evaluate.Scores;
import io.github.visionj.output.RoiSets;

class InstanceSegmentCommandTest {

	private static int[] pixels(ImagePlus imp, int slice) {
		var ip = imp.getStack().getProcessor(slice);
		int[] v = new int[ip.getPixelCount()];
		for (int i = 0; i < v.length; i++)
			v[i] = (int) ip.getf(i);
		return v;
	}

	/**
	 * End to end on a real DSB 2018 validation image with the bundled nuclei-broad model (a
	 * foreground probability, split by the watershed decoder): one label, ROI and row per
	 * nucleus, scored against the true labels.
	 */
	@Test
	void nucleiOfARealImageGetALabelARoiAndARowEach(@TempDir Path out) {
		ImagePlus image = Commands.open("dsb2018/nuclei.png");
		CommandModule m = Commands.run(InstanceSegmentCommand.class, "image", image, "model", "nuclei-broad", "output",
			out.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus labels = IJ.openImage(out.resolve("nuclei_labels.tif").toString());
		int[] predicted = pixels(labels, 1);
		Set<Integer> ids = new HashSet<>();
		for (int v : predicted)
			if (v > 0) ids.add(v);
		List<Roi> rois = RoiSets.read(out.resolve("nuclei_rois.zip"));
		ResultsTable csv = Commands.csv(out.resolve("nuclei_results.csv"));
		assertEquals(ids.size(), rois.size());
		assertEquals(ids.size(), csv.size());
		assertEquals(ids.stream().mapToInt(i -> i).max().orElse(0), ids.size()); // consecutive 1..N
		assertEquals("nucleus-0001", rois.get(0).getName());
		assertEquals(rois.get(0).getContainedPoints().length, csv.getValue("Area", 0), 0);
		assertTrue(out.resolve("nuclei_overlay.png").toFile().length() > 0);

		int[] truth = pixels(Commands.open("dsb2018/nuclei_labels.tif"), 1);
		Scores at50 = InstanceMatching.scores(truth, predicted, 256, 256, 0.5).get(0);
		// nuclei-broad was trained on this kind of image; see docs/models.md for the number
		assertTrue(at50.ap() > 0.6, "AP50 " + at50.ap());
	}

	/** Objects of a stack get labels unique across planes, and with link_z one label through Z. */
	@Test
	void stacksGetUniqueLabelsAndOptionallyLinkedObjects(@TempDir Path out) {
		ImagePlus plane = Commands.open("dsb2018/nuclei.png");
		ImageStack stack = new ImageStack(256, 256);
		for (int z = 0; z < 3; z++)
			stack.addSlice(plane.getProcessor().duplicate());
		ImagePlus zstack = new ImagePlus("stack", stack);
		zstack.setDimensions(1, 3, 1);

		assertFalse(Commands.run(InstanceSegmentCommand.class, "image", zstack, "model", "nuclei-broad", "output",
			out.resolve("apart").toFile()).isCanceled());
		ImagePlus apart = IJ.openImage(out.resolve("apart/stack_labels.tif").toString());
		assertEquals(3, apart.getNSlices());
		int n = (int) apart.getStack().getProcessor(1).getStatistics().max;
		assertEquals(3 * n, (int) apart.getStack().getProcessor(3).getStatistics().max);
		assertEquals(3 * n, RoiSets.read(out.resolve("apart/stack_rois.zip")).size());

		assertFalse(Commands.run(InstanceSegmentCommand.class, "image", zstack, "model", "nuclei-broad", "output",
			out.resolve("linked").toFile(), "link_z", true).isCanceled());
		ImagePlus linked = IJ.openImage(out.resolve("linked/stack_labels.tif").toString());
		// Three copies of one plane: linked through Z, every plane keeps the first plane's labels.
		for (int z = 1; z <= 3; z++)
			assertArrayEquals(pixels(apart, 1), pixels(linked, z), "plane " + z);
		List<Roi> rois = RoiSets.read(out.resolve("linked/stack_rois.zip"));
		assertEquals(3 * n, rois.size());
		assertEquals(3, rois.stream().filter(r -> r.getName().startsWith("nucleus-0001")).count());
	}
}
