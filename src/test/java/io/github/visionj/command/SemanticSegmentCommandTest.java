package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.BundledModels;
import io.github.visionj.model.Npy;
import io.github.visionj.output.RoiSets;

class SemanticSegmentCommandTest {

	/** The bundled third-party model on its own sample equals its reference output thresholded at 0.5. */
	@Test
	void nucleiBroadOnItsSampleMatchesTheReference(@TempDir Path out) throws Exception {
		Path model = BundledModels.resolve("nuclei-broad");
		ImagePlus sample = Commands.fromNpy(model.resolve("test_input.npy"), "sample");
		CommandModule m = Commands.run(SemanticSegmentCommand.class, "image", sample, "model", "nuclei-broad", "output",
			out.toFile(), "probabilities", true);
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(List.of("sample_classes.tif", "sample_probabilities.tif", "sample_results.csv", "sample_rois.zip"),
			Commands.files(out));

		FloatTensor reference = Npy.read(model.resolve("test_output.npy"));
		ImagePlus classes = IJ.openImage(out.resolve("sample_classes.tif").toString());
		ImagePlus probabilities = IJ.openImage(out.resolve("sample_probabilities.tif").toString());
		int nucleus = 0;
		for (int i = 0; i < 512 * 512; i++) {
			int expected = reference.data()[i] > 0.5f ? 1 : 0;
			assertEquals(expected, classes.getProcessor().get(i), "pixel " + i);
			assertEquals(reference.data()[i], probabilities.getProcessor().getf(i), 1e-4);
			nucleus += expected;
		}
		assertEquals(16, classes.getBitDepth());

		List<Roi> rois = RoiSets.read(out.resolve("sample_rois.zip"));
		assertEquals(1, rois.size());
		assertEquals("nucleus", rois.get(0).getName());
		assertEquals(nucleus, rois.get(0).getContainedPoints().length);

		ResultsTable csv = Commands.csv(out.resolve("sample_results.csv"));
		assertEquals(1, csv.size());
		assertEquals("nucleus", csv.getStringValue("Name", 0));
		assertEquals(nucleus, csv.getValue("Area", 0), 0);
		// the same table is ImageJ's Results table, where macros read it
		assertEquals(nucleus, Analyzer.getResultsTable().getValue("Area", 0), 0);
	}

	/**
	 * unet2d_diff_output_shape (bioimage.io example) outputs one value per 2 × 2 pixels: its map is
	 * interpolated to the image's size, map pixel (i, j) at image pixel (2i, 2j), then thresholded.
	 */
	@Test
	void aMapAtHalfTheImageSizeIsInterpolatedToIt(@TempDir Path out) throws Exception {
		Path model = Path.of("src", "test", "resources", "models-external", "unet2d_diff_output_shape");
		ImagePlus sample = Commands.fromNpy(model.resolve("test_input.npy"), "sample");
		CommandModule m = Commands.run(SemanticSegmentCommand.class, "image", sample, "model", model.toString(), "output",
			out.toFile(), "probabilities", true);
		assertFalse(m.isCanceled(), m.getCancelReason());
		float[] half = Npy.read(model.resolve("test_output.npy")).data(); // 128 x 128
		ImagePlus classes = IJ.openImage(out.resolve("sample_classes.tif").toString());
		ImagePlus probabilities = IJ.openImage(out.resolve("sample_probabilities.tif").toString());
		assertEquals(256, probabilities.getWidth());
		for (int y = 0; y < 256; y++)
			for (int x = 0; x < 256; x++) {
				int x0 = Math.min(x / 2, 127), y0 = Math.min(y / 2, 127), x1 = Math.min(x0 + 1, 127), y1 = Math.min(y0 + 1, 127);
				double fx = x % 2 / 2.0, fy = y % 2 / 2.0;
				double expected = (half[y0 * 128 + x0] * (1 - fx) + half[y0 * 128 + x1] * fx) * (1 - fy) +
					(half[y1 * 128 + x0] * (1 - fx) + half[y1 * 128 + x1] * fx) * fy;
				assertEquals(expected, probabilities.getProcessor().getf(x, y), 2e-4, "at " + x + ", " + y);
				if (Math.abs(expected - 0.5) > 1e-3) assertEquals(expected > 0.5 ? 1 : 0, classes.getProcessor().get(x, y), "at " + x + ", " + y);
			}
	}
}
