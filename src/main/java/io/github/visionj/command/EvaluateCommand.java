package io.github.visionj.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import io.github.visionj.VisionJException;
import io.github.visionj.evaluate.Evaluation;
import io.github.visionj.evaluate.FilePairs;
import io.github.visionj.output.AtomicFile;
import io.github.visionj.output.LabelFiles;
import io.github.visionj.output.OutputFolder;
import io.github.visionj.output.ResultTables;

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
		Map<String, Path[]> pairs = FilePairs.of(pred.toPath(), truth.toPath(), boxes);
		Path csv = null;
		if (output != null && !output.getPath().isEmpty()) {
			noteNewFolders(output.toPath());
			csv = OutputFolder.open(output.toPath(), overwrite).folder().resolve(CSV);
			AtomicFile.refuseExisting(csv, overwrite);
		}
		else if (headless()) throw new VisionJException("Running headless, results can only be written to files; " +
			"give an output folder (output=/path/to/folder in a macro, --output on the command line).");

		Evaluation evaluation = new Evaluation(Evaluation.DEFAULT_THRESHOLDS);
		int n = 0;
		for (Map.Entry<String, Path[]> pair : pairs.entrySet()) {
			progress().checkCanceled();
			LabelFiles.evaluate(evaluation, pair.getKey(), pair.getValue()[0], pair.getValue()[1], boxes);
			progress().report("Evaluating", ++n, pairs.size());
		}
		ResultsTable table = ResultTables.evaluation(evaluation.total());
		Analyzer.setResultsTable(table);
		table.show("Results"); // ImageJ shows nothing when headless
		if (csv != null) {
			String text = evaluation.csv();
			AtomicFile.write(csv, overwrite, temp -> Files.writeString(temp, text));
		}
		summary = evaluation.summary(pairs.size());
	}
}
