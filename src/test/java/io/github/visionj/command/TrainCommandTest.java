package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.TestModelCache;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.output.Rois;
import io.github.visionj.pipeline.SelfCheck;

/**
 * Train's mistakes get one sentence before any training, and a short run on the current image with
 * its overlay as labels (the training itself, its loss included: train.FineTuningTest).
 */
class TrainCommandTest {

	private static String reason(Object... inputs) {
		CommandModule m = Commands.run(TrainCommand.class, inputs);
		assertTrue(m.isCanceled());
		return m.getCancelReason();
	}

	@Test
	void mistakesAreNamedBeforeTraining(@TempDir Path dir) throws Exception {
		Path images = Files.createDirectories(dir.resolve("images")), labels = Files.createDirectories(dir.resolve("labels"));
		Files.copy(Path.of("src/test/resources/dsb2018/nuclei.png"), images.resolve("a.png"));
		Files.copy(Path.of("src/test/resources/dsb2018/nuclei_labels.tif"), labels.resolve("a_labels.tif"));
		Path out = dir.resolve("model");
		assertEquals("Training needs at least two annotated images (one for validation), but " + images + " and " + labels +
			" pair only 1.", reason("images", images.toFile(), "labels", labels.toFile(), "output", out.toFile()));
		assertTrue(Files.notExists(out));

		Path existing = Files.createDirectories(dir.resolve("results"));
		assertEquals("The folder " + existing + " already exists; choose a new folder for the model, or turn on 'overwrite' to replace " +
			"a model folder written before.", reason("images", images.toFile(), "labels", labels.toFile(), "output", existing.toFile()));
		assertEquals("The folder " + existing + " is not a model folder (it has no bioimageio.yaml), and 'overwrite' replaces only model " +
			"folders; choose a new folder for the model.",
			reason("images", images.toFile(), "labels", labels.toFile(), "output", existing.toFile(), "overwrite", true));
		assertEquals("Give a folder of images and a folder of label images (images=… labels=…).",
			reason("images", new java.io.File(""), "labels", labels.toFile(), "output", out.toFile()));
		assertEquals("The time budget must be more than 0 minutes, not 0.0.",
			reason("images", images.toFile(), "labels", labels.toFile(), "output", out.toFile(), "minutes", 0.0));
	}

	@Test
	void theCurrentImageWithoutRoisIsNamed(@TempDir Path dir) {
		ImagePlus image = Commands.open("dsb2018/nuclei.png");
		assertEquals("There are no ROIs in the overlay of nuclei.png; outline each object as a ROI (add it with 't' to the ROI Manager, " +
			"or to the overlay with 'b').", reason("annotations", "overlay", "image", image, "output", dir.resolve("m").toFile()));
		assertEquals("There are no ROIs in the ROI Manager of nuclei.png; outline each object as a ROI (add it with 't' to the ROI Manager, " +
			"or to the overlay with 'b').", reason("annotations", "ROI Manager", "image", image, "output", dir.resolve("m").toFile()));
		image.setOverlay(new Overlay(new Roi(300, 0, 10, 10)));
		assertEquals("No ROI of the overlay lies on nuclei.png; outline the objects on this image.",
			reason("annotations", "overlay", "image", image, "output", dir.resolve("m").toFile()));
		assertEquals("There is no image; open the annotated image first, or choose annotations=folders with images=… labels=….",
			reason("annotations", "overlay", "output", dir.resolve("m").toFile()));
		assertEquals("Annotations must be folders, ROI Manager or overlay, not 'rois'.",
			reason("annotations", "rois", "image", image, "output", dir.resolve("m").toFile()));
		assertTrue(Files.notExists(dir.resolve("m")));
	}

	/**
	 * A corner of a bundled sample, its objects as the overlay's ROIs: the image is cut into a
	 * training and a validation part, and the model written loads and reproduces its own test tensors.
	 */
	@Test
	void trainsOnTheCurrentImageWithItsOverlayAsLabels(@TempDir Path dir) throws Exception {
		ImagePlus image = Commands.open("dsb2018/nuclei.png"), labels = Commands.open("dsb2018/nuclei_labels.tif");
		image.setRoi(new Roi(0, 160, 160, 64));
		image = image.crop();
		image.setTitle("corner.png");
		labels.setRoi(new Roi(0, 160, 160, 64));
		int[] l = io.github.visionj.output.LabelFiles.labels(labels.crop(), 1);
		Overlay overlay = new Overlay();
		for (Roi roi : Rois.ofLabels(l, 160, 64, n -> "nucleus " + n))
			overlay.add(roi);
		assertTrue(overlay.size() >= 3, "objects in the corner: " + overlay.size());
		image.setOverlay(overlay);

		Path out = dir.resolve("model");
		CommandModule m = Commands.run(TrainCommand.class, "annotations", "overlay", "image", image, "output", out.toFile(),
			"iterations", 2, "minutes", 5.0);
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertTrue(((String) m.getOutput("summary")).startsWith("VisionJ Train: 2 iterations in "), (String) m.getOutput("summary"));
		ModelDescription d = ModelDescription.load(out);
		String yaml = Files.readString(d.file());
		assertTrue(yaml.contains("- corner.png (x 0-95)") && yaml.contains("- corner.png (x 96-159)"), yaml);
		LoadedModel trained = TestModelCache.get(out.toString());
		assertEquals(SelfCheck.Status.PASSED, SelfCheck.run(trained).status(), SelfCheck.run(trained).message());
	}
}
