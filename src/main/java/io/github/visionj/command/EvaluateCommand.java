package io.github.visionj.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import io.github.visionj.VisionJException;
import io.github.visionj.decode.Boxes;
import io.github.visionj.decode.Detection;
import io.github.visionj.decode.Instance;
import io.github.visionj.decode.Instances;
import io.github.visionj.evaluate.Evaluation;
import io.github.visionj.evaluate.Scores;
import io.github.visionj.output.AtomicFile;
import io.github.visionj.output.RoiSets;

/**
 * Plugins › VisionJ › Evaluate: how well predicted objects match the ground truth. Instances are
 * matched one to one by mask IoU, boxes by box IoU; at IoU thresholds 0.5…0.9 it reports TP,
 * FP, FN, precision, recall, F1, AP = TP/(TP+FP+FN), mean matched IoU and panoptic quality, per
 * image and over all images.
 */
@Plugin(type = Command.class, menuPath = "Plugins>VisionJ>Evaluate", headless = true,
	description = "Score predicted label images (or detection ROI sets) against ground-truth label images.")
public class EvaluateCommand extends VisionJCommand {

	@Parameter(label = "Prediction (file or folder)", style = "both", persist = false,
		description = "Predicted label images, or with 'boxes' the RoiSet.zip files written by Detect.")
	private File pred;

	@Parameter(label = "Ground truth (file or folder)", style = "both", persist = false,
		description = "Label images, 0 = background. Folders are paired by name: a.tif matches a.tif, a_labels.tif or a_rois.zip.")
	private File truth;

	@Parameter(label = "Match boxes instead of masks", persist = false)
	private boolean boxes = false;

	@Parameter(label = "Output folder", style = "directory", required = false, persist = false,
		description = "Where evaluation.csv is written; required when running headless.")
	private File output;

	@Parameter(label = "Overwrite existing files", persist = false, description = "Replace an existing evaluation.csv.")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Evaluation summary")
	private String summary;

	static final String CSV = "evaluation.csv";

	@Override
	protected void execute() {
		if (pred == null || truth == null) throw new VisionJException("Give both a prediction and a ground truth (pred=… truth=…).");
		Map<String, Path[]> pairs = pairs(pred.toPath(), truth.toPath(), boxes);
		Path csv = null;
		if (output != null && !output.getPath().isEmpty()) {
			noteNewFolders(output.toPath());
			csv = io.github.visionj.output.OutputFolder.open(output.toPath(), overwrite).folder().resolve(CSV);
			io.github.visionj.output.AtomicFile.refuseExisting(csv, overwrite);
		}
		else if (headless()) throw new VisionJException("Running headless, results can only be written to files; " +
			"give an output folder (output=/path/to/folder in a macro, --output on the command line).");

		Evaluation evaluation = new Evaluation(Evaluation.DEFAULT_THRESHOLDS);
		int n = 0;
		for (Map.Entry<String, Path[]> pair : pairs.entrySet()) {
			progress().checkCanceled();
			add(evaluation, pair.getKey(), pair.getValue()[0], pair.getValue()[1]);
			progress().report("Evaluating", ++n, pairs.size());
		}
		List<Scores> total = evaluation.total();
		ResultsTable table = table(total);
		Analyzer.setResultsTable(table);
		table.show("Results"); // ImageJ shows nothing when headless
		if (csv != null) {
			String text = evaluation.csv();
			AtomicFile.write(csv, overwrite, temp -> Files.writeString(temp, text));
		}
		summary = summary(pairs.size(), total);
	}

	private void add(Evaluation evaluation, String name, Path predicted, Path truthPath) {
		ImagePlus truthImage = open(truthPath);
		int w = truthImage.getWidth(), h = truthImage.getHeight();
		if (boxes) {
			if (truthImage.getStackSize() > 1) throw new VisionJException("Box matching takes single-plane ground truth, but " +
				truthPath.getFileName() + " has " + truthImage.getStackSize() + " planes; evaluate the planes as separate images.");
			List<Detection> predictedBoxes = new ArrayList<>();
			for (Roi r : RoiSets.read(predicted))
				predictedBoxes.add(new Detection(r.getXBase(), r.getYBase(), r.getFloatWidth(), r.getFloatHeight(), 0, 1));
			int[] truthLabels = labels(truthImage, 1);
			evaluation.addBoxes(name, Boxes.boxesOf(new Instances(truthLabels, w, h, objects(truthLabels))), predictedBoxes);
			return;
		}
		ImagePlus predImage = open(predicted);
		if (predImage.getWidth() != w || predImage.getHeight() != h || predImage.getStackSize() != truthImage.getStackSize())
			throw new VisionJException("The prediction " + predicted.getFileName() + " is " + size(predImage) +
				" but its ground truth " + truthPath.getFileName() + " is " + size(truthImage) + "; pair images of the same size.");
		int planes = truthImage.getStackSize();
		for (int p = 1; p <= planes; p++)
			evaluation.addInstances(planes == 1 ? name : name + " plane " + p, labels(truthImage, p), labels(predImage, p), w, h);
	}

	/** The objects of a label image as the decoder records describe them: one per distinct label. */
	private static List<Instance> objects(int[] labels) {
		int max = Arrays.stream(labels).max().orElse(0);
		boolean[] present = new boolean[max + 1];
		for (int l : labels)
			present[l] = true;
		List<Instance> objects = new ArrayList<>();
		for (int l = 1; l <= max; l++)
			if (present[l]) objects.add(new Instance(l, 0, 1));
		return objects;
	}

	static int[] labels(ImagePlus imp, int plane) {
		ImageStack stack = imp.getStack();
		var ip = stack.getProcessor(plane);
		int[] labels = new int[ip.getPixelCount()];
		for (int i = 0; i < labels.length; i++) {
			float v = ip.getf(i);
			if (v < 0 || v != Math.rint(v)) throw new VisionJException("Image " + imp.getTitle() + " is not a label image (pixel value " +
				v + "); give images where 0 is background and objects are positive whole numbers.");
			labels[i] = (int) v;
		}
		return labels;
	}

	static ImagePlus open(Path path) {
		ImagePlus imp = IJ.openImage(path.toString());
		if (imp == null) throw new VisionJException("Cannot read " + path + ": ImageJ cannot open it as an image; check the file.");
		if (imp.getType() == ImagePlus.COLOR_RGB) throw new VisionJException(path.getFileName() +
			" is an RGB image, not a label image; give 8-, 16- or 32-bit label images.");
		return imp;
	}

	/**
	 * Predictions paired with their ground truth: two files are one pair; in folders, a truth file
	 * {@code a.tif} pairs with the prediction {@code a.*} or {@code a_labels.tif} (masks), or
	 * {@code a_rois.zip} (boxes), so the output folder of Instance Segment or Detect can be given as it is.
	 */
	static Map<String, Path[]> pairs(Path pred, Path truth, boolean boxes) {
		if (!Files.exists(pred)) throw new VisionJException("The prediction " + pred + " does not exist; give a file or a folder.");
		if (!Files.exists(truth)) throw new VisionJException("The ground truth " + truth + " does not exist; give a file or a folder.");
		Map<String, Path[]> pairs = new LinkedHashMap<>();
		if (Files.isRegularFile(truth) && Files.isRegularFile(pred)) {
			if (boxes && !pred.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) throw new VisionJException(
				"With 'boxes' the prediction must be a RoiSet.zip (as Detect writes), not " + pred.getFileName() +
					"; give the _rois.zip, or turn 'boxes' off to compare label images.");
			pairs.put(stem(truth), new Path[] { pred, truth });
			return pairs;
		}
		if (!Files.isDirectory(truth) || !Files.isDirectory(pred)) throw new VisionJException(
			"Give two files or two folders to compare, not a file and a folder.");
		Map<String, Path> predicted = new LinkedHashMap<>();
		for (Path p : list(pred)) {
			String name = p.getFileName().toString();
			if (boxes ? name.endsWith(".zip") : !name.endsWith(".zip") && !name.endsWith(".csv") && !name.endsWith("_overlay.png"))
				predicted.put(stem(p).replaceAll(boxes ? "_rois$" : "_labels$", ""), p);
		}
		for (Path t : list(truth)) {
			Path p = predicted.get(stem(t));
			if (p != null) pairs.put(stem(t), new Path[] { p, t });
		}
		if (pairs.isEmpty()) throw new VisionJException("No prediction in " + pred + " has the name of a ground truth in " + truth +
			"; name predictions like their ground truth (a.tif ↔ a.tif or a_labels.tif).");
		return pairs;
	}

	private static List<Path> list(Path folder) {
		try (var files = Files.list(folder)) {
			return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
		}
		catch (java.io.IOException e) {
			throw new VisionJException("Cannot list the folder " + folder + " (" + e.getMessage() + "); check its permissions.");
		}
	}

	private static String stem(Path p) {
		String name = p.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	private static String size(ImagePlus imp) {
		return imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize();
	}

	private static ResultsTable table(List<Scores> total) {
		ResultsTable rt = new ResultsTable();
		for (Scores s : total) {
			rt.incrementCounter();
			rt.addValue("IoU threshold", s.threshold());
			rt.addValue("TP", s.tp());
			rt.addValue("FP", s.fp());
			rt.addValue("FN", s.fn());
			rt.addValue("Precision", s.precision());
			rt.addValue("Recall", s.recall());
			rt.addValue("F1", s.f1());
			rt.addValue("AP", s.ap());
			rt.addValue("Mean matched IoU", s.meanMatchedIou());
			rt.addValue("PQ", s.panopticQuality());
		}
		return rt;
	}

	private static String summary(int images, List<Scores> total) {
		StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "VisionJ evaluation of %d image(s):%n", images));
		s.append("  IoU    TP    FP    FN  precision  recall     F1     AP     PQ\n");
		for (Scores x : total)
			s.append(String.format(Locale.ROOT, "  %.2f %5d %5d %5d     %.3f   %.3f  %.3f  %.3f  %.3f%n", x.threshold(), x.tp(), x.fp(),
				x.fn(), x.precision(), x.recall(), x.f1(), x.ap(), x.panopticQuality()));
		return s.toString();
	}
}
