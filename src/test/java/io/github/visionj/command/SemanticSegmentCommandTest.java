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
}
