package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import io.github.visionj.model.BundledModels;

/**
 * User mistakes end in one sentence (the command's cancel reason, which the launcher prints and
 * a macro sees) and leave no file behind.
 */
class BadInputTest {

	private static String reason(Path out, Object... inputs) {
		Object[] all = java.util.Arrays.copyOf(inputs, inputs.length + 2);
		all[inputs.length] = "output";
		all[inputs.length + 1] = out.toFile();
		CommandModule m = Commands.run(SemanticSegmentCommand.class, all);
		assertTrue(m.isCanceled());
		return m.getCancelReason();
	}

	private static ImagePlus image(int w, int h) {
		return new ImagePlus("img", new FloatProcessor(w, h));
	}

	@Test
	void eachMistakeGetsOneSentenceAndNoFile(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("out");
		Path model = dir.resolve("model");
		Files.createDirectories(model);
		Path broad = BundledModels.resolve("nuclei-broad");
		Files.copy(broad.resolve("bioimageio.yaml"), model.resolve("bioimageio.yaml"));

		assertEquals("The weights file " + model.resolve("weights.pt") + " named in " + model.resolve("bioimageio.yaml") +
			" is missing; put it next to the description or fix weights: torchscript: source.",
			reason(out, "image", image(64, 64), "model", model.toString()));

		assertEquals("Model 'UNet 2D Nuclei Broad' expects 1 channel but the image has 3; convert it to 8-bit or 16-bit first " +
			"(Image › Type) or split the channels.",
			reason(out, "image", new ImagePlus("rgb", new ColorProcessor(64, 64)), "model", "nuclei-broad"));

		assertEquals("The image is 3x3 pixels, too small for model 'UNet 2D Nuclei Broad', which needs at least 32 pixels " +
			"along y; use a larger image.", reason(out, "image", image(3, 3), "model", "nuclei-broad"));

		FloatProcessor nan = new FloatProcessor(64, 64);
		nan.setf(10, 20, Float.NaN);
		assertEquals("The image has a NaN pixel at x=10, y=20; replace NaNs first (Process › Math › Remove NaNs…).",
			reason(out, "image", new ImagePlus("nan", nan), "model", "nuclei-broad"));

		assertEquals("No model 'no-such-model': give a bundled model id (" + String.join(", ", BundledModels.ids()) +
			") or the path of a bioimage.io model folder or .zip.", reason(out, "image", image(64, 64), "model", "no-such-model"));

		assertEquals("threshold must be a number from 0 to 0.99, not 1.5.",
			reason(out, "image", image(64, 64), "model", "nuclei-broad", "threshold", 1.5));

		assertFalse(Files.exists(out), "a failed run leaves no output folder");

		Path file = dir.resolve("a-file");
		Files.writeString(file, "x");
		String unwritable = reason(file.resolve("sub"), "image", image(64, 64), "model", "nuclei-broad");
		assertTrue(unwritable.startsWith("Cannot write to the output folder " + file.resolve("sub") + ": "), unwritable);
		assertTrue(unwritable.endsWith("; choose a folder you can write to."), unwritable);
	}

	@Test
	void headlessRunsNeedAnOutputFolderAndExistingFilesAreKept(@TempDir Path dir) throws Exception {
		CommandModule m = Commands.run(InstanceSegmentCommand.class, "image", image(64, 64), "model", "nuclei-broad");
		assertEquals("Running headless, results can only be written to files; give an output folder " +
			"(output=/path/to/folder in a macro, --output on the command line).", m.getCancelReason());

		Files.writeString(dir.resolve("img_labels.tif"), "mine");
		m = Commands.run(InstanceSegmentCommand.class, "image", image(64, 64), "model", "nuclei-broad", "output", dir.toFile());
		assertEquals("The file " + dir.resolve("img_labels.tif") + " already exists; turn on the 'overwrite' option to replace " +
			"it, or choose another output folder.", m.getCancelReason());
		assertEquals("mine", Files.readString(dir.resolve("img_labels.tif")));
		assertEquals(List.of("img_labels.tif"), Commands.files(dir));
	}

	@Test
	void aModelWhoseOutputFitsNoDecoderOfTheTaskIsNamed(@TempDir Path dir) throws Exception {
		CommandModule m = Commands.run(InstanceSegmentCommand.class, "image", image(64, 64), "model",
			"src/test/resources/models/fixed-boxes-yolov8", "output", dir.toFile());
		assertEquals("Decoder 'yolov8' cannot do instance segmentation; it does detection, so choose a model made for " +
			"instance segmentation.", m.getCancelReason());

		// a detector that outputs two classes but names only one
		Path model = dir.resolve("one-name");
		Files.createDirectories(model);
		Path source = Path.of("src/test/resources/models/fixed-boxes-yolov8");
		Files.copy(source.resolve("weights.pt"), model.resolve("weights.pt"));
		Files.writeString(model.resolve("bioimageio.yaml"),
			Files.readString(source.resolve("bioimageio.yaml")).replace("classes: [cell, debris]", "classes: [cell]"));
		m = Commands.run(DetectCommand.class, "image", image(64, 64), "model", model.toString(), "output", dir.resolve("o").toFile());
		assertEquals("Model 'fixed-boxes-yolov8' found class 1 but names 1 class(es) in config.visionj.classes; name every " +
			"class the model outputs.", m.getCancelReason());
		assertFalse(Files.exists(dir.resolve("o")), "a failed run leaves no output folder");
	}

	@Test
	void aClassifierWhoseClassNamesDoNotMatchItsScoresIsRefused(@TempDir Path dir) throws Exception {
		Path model = dir.resolve("two-names");
		Files.createDirectories(model);
		Path source = Path.of("src/test/resources/models/mean-classifier");
		Files.copy(source.resolve("weights.pt"), model.resolve("weights.pt"));
		Files.writeString(model.resolve("bioimageio.yaml"),
			Files.readString(source.resolve("bioimageio.yaml")).replace("classes: [bright, dark, never]", "classes: [bright, dark]"));
		CommandModule m = Commands.run(ClassifyCommand.class, "image", image(32, 32), "model", model.toString(), "output",
			dir.resolve("o").toFile());
		assertEquals("Model 'mean-classifier' gives 3 class scores but names 2 classes in config.visionj.classes; fix the " +
			"model description.", m.getCancelReason());
		assertFalse(Files.exists(dir.resolve("o")), "a failed run leaves no output folder");
	}

	@Test
	void settingsTheModelDoesNotUseAreNamed(@TempDir Path dir) {
		Commands.WARNINGS.clear();
		CommandModule m = Commands.run(InstanceSegmentCommand.class, "image", Commands.open("dsb2018/nuclei.png"), "model",
			"nuclei-semantic", "probability", 0.7, "overlap", 0.4, "min_size", 5, "output", dir.resolve("i").toFile());
		assertEquals(false, m.isCanceled(), m.getCancelReason());
		assertEquals(List.of(
			"VisionJ: model 'nuclei-semantic' (decoder 'three-class') does not use the probability threshold; that setting has no effect.",
			"VisionJ: model 'nuclei-semantic' (decoder 'three-class') does not use the overlap (NMS) threshold; that setting has no effect."),
			Commands.WARNINGS);
		Commands.WARNINGS.clear();
		m = Commands.run(DetectCommand.class, "image", Commands.open("dsb2018/nuclei.png"), "model", "nuclei", "score", 0.4,
			"max_detections", 10, "output", dir.resolve("d").toFile());
		assertEquals(false, m.isCanceled(), m.getCancelReason());
		assertEquals(List.of("VisionJ: model 'nuclei' (decoder 'star-convex') does not use the score threshold; that setting has " +
			"no effect."), Commands.WARNINGS);
		assertEquals(10, io.github.visionj.output.RoiSets.read(dir.resolve("d/nuclei_rois.zip")).size());
	}

	@Test
	void anImageWithoutObjectsGivesEmptyResultsNotAnError(@TempDir Path dir) throws Exception {
		CommandModule m = Commands.run(InstanceSegmentCommand.class, "image", image(64, 64), "model",
			"src/test/resources/models/identity", "output", dir.toFile());
		assertEquals(false, m.isCanceled(), m.getCancelReason());
		assertEquals(List.of("img_labels.tif", "img_overlay.png", "img_results.csv", "img_rois.zip"), Commands.files(dir));
		assertEquals(0, io.github.visionj.output.RoiSets.read(dir.resolve("img_rois.zip")).size());
		assertEquals(0, ij.IJ.openImage(dir.resolve("img_labels.tif").toString()).getStatistics().max, 0);
	}

	/** Values a macro or a script passes are held to the ranges the parameters declare, NaN included. */
	@Test
	void settingsOutsideTheirDeclaredRangeAreRefused(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("out");
		assertEquals("probability must be a number from 0 to 0.99, not -1.", Commands.run(InstanceSegmentCommand.class, "image",
			image(64, 64), "model", "nuclei-broad", "probability", -1.0, "output", out.toFile()).getCancelReason());
		assertEquals("overlap must be a number from 0 to 1, not NaN.", Commands.run(InstanceSegmentCommand.class, "image",
			image(64, 64), "model", "nuclei-broad", "overlap", Double.NaN, "output", out.toFile()).getCancelReason());
		assertEquals("link_iou must be a number from 0.05 to 1, not 0.", Commands.run(InstanceSegmentCommand.class, "image",
			image(64, 64), "model", "nuclei-broad", "link_iou", 0.0, "output", out.toFile()).getCancelReason());
		assertEquals("tile_size must be a whole number of at least 0, not -3.", Commands.run(DetectCommand.class, "image",
			image(64, 64), "model", "nuclei-broad", "tile_size", -3, "output", out.toFile()).getCancelReason());
		assertEquals("top_k must be a whole number of at least 1, not 0.", Commands.run(ClassifyCommand.class, "image",
			image(64, 64), "top_k", 0, "output", out.toFile()).getCancelReason());
		assertEquals(false, Files.exists(out));
	}

	/** ±Infinity would pass through normalisation into wrong objects (found: 16 nuclei of 24), as NaN would. */
	@Test
	void infinitePixelsAreRefusedLikeNaN(@TempDir Path dir) throws Exception {
		FloatProcessor inf = new FloatProcessor(64, 64);
		inf.setf(7, 3, Float.POSITIVE_INFINITY);
		assertEquals("The image has an infinite (Infinity) pixel at x=7, y=3; replace infinite values first (e.g. Process › " +
			"Math › Min… and Max…).", reason(dir.resolve("out"), "image", new ImagePlus("inf", inf), "model", "nuclei-broad"));
		inf.setf(7, 3, 0);
		inf.setf(1, 2, Float.NEGATIVE_INFINITY);
		assertEquals("The image has an infinite (-Infinity) pixel at x=1, y=2; replace infinite values first (e.g. Process › " +
			"Math › Min… and Max…).", reason(dir.resolve("out"), "image", new ImagePlus("inf", inf), "model", "nuclei-broad"));
	}

	/** A label image given as the boxes to score read as "no boxes" and scored 0 TP. */
	@Test
	void boxEvaluationRefusesWhatIsNotARoiSet(@TempDir Path dir) throws Exception {
		Path truth = dir.resolve("truth.tif"), pred = dir.resolve("pred.tif");
		ij.IJ.saveAsTiff(new ImagePlus("t", new ij.process.ShortProcessor(8, 8)), truth.toString());
		Files.copy(truth, pred);
		CommandModule m = Commands.run(EvaluateCommand.class, "pred", pred.toFile(), "truth", truth.toFile(), "boxes", true,
			"output", dir.resolve("eval").toFile());
		assertEquals("With 'boxes' the prediction must be a RoiSet.zip (as Detect writes), not pred.tif; give the _rois.zip, " +
			"or turn 'boxes' off to compare label images.", m.getCancelReason());

		Path renamed = Files.copy(pred, dir.resolve("pred.zip"));
		m = Commands.run(EvaluateCommand.class, "pred", renamed.toFile(), "truth", truth.toFile(), "boxes", true, "output",
			dir.resolve("eval").toFile());
		assertEquals("Cannot read the ROI set " + renamed + " (it is not a zip file); give a RoiSet.zip saved by the ROI Manager.",
			m.getCancelReason());
		assertEquals(false, Files.exists(dir.resolve("eval/evaluation.csv")));
	}

	/**
	 * Text in a CSV is quoted per RFC 4180 (a class name with a comma once shifted every column)
	 * and cannot start a spreadsheet formula; a table without rows still has its header.
	 */
	@Test
	void csvTextIsQuotedAndNeverAFormula(@TempDir Path dir) throws Exception {
		List<String> names = List.of("cells, large", "=HYPERLINK(\"x\")", "-1", "@a");
		var row = io.github.visionj.output.ClassificationRow.of("+img.tif", new io.github.visionj.decode.ClassScores(
			new float[] { 0.5f, 0.25f, 0.125f, 0.125f }), names);
		var folder = io.github.visionj.output.OutputFolder.open(dir, false);
		folder.writeResults("c", io.github.visionj.output.ResultTables.classification(List.of(row), names, 1));
		assertEquals(List.of("Source,Class,Probability,\"cells, large\",\"'=HYPERLINK(\"\"x\"\")\",-1,'@a",
			"'+img.tif,\"cells, large\",0.50000,0.50000,0.25000,0.12500,0.12500"), Files.readAllLines(dir.resolve("c_results.csv")));

		folder.writeResults("none", io.github.visionj.output.ResultTables.detections(List.of()));
		assertEquals("Class,Score,X,Y,Width,Height,Z,T\n", Files.readString(dir.resolve("none_results.csv")));
		folder.writeResults("no-objects", io.github.visionj.output.ResultTables.instances(List.of()));
		assertEquals("Label,Class,Score,Area,X,Y,BX,BY,Width,Height,Mean,Min,Max,IntDen,RawIntDen,Perim.,Circ.,Z,T\n",
			Files.readString(dir.resolve("no-objects_results.csv")));

		var evaluation = new io.github.visionj.evaluate.Evaluation(0.5);
		evaluation.addInstances("=b,c", new int[] { 1 }, new int[] { 1 }, 1, 1);
		assertEquals("\"'=b,c\",0.50,1,0,0,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000", evaluation.csv().lines().toList().get(1));
	}
}
