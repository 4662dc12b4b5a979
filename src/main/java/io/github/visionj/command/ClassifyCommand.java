package io.github.visionj.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;
import io.github.visionj.VisionJException;
import io.github.visionj.decode.ClassScores;
import io.github.visionj.decode.ClassificationDecoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.image.AxisImage;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.output.ClassificationRow;
import io.github.visionj.output.OutputFile;
import io.github.visionj.output.OutputFolder;
import io.github.visionj.output.ResultTables;
import io.github.visionj.output.RoiSets;
import io.github.visionj.pipeline.Classification;
import io.github.visionj.pipeline.ModelRunner;
import io.github.visionj.pipeline.Plane;

/**
 * Plugins › VisionJ › Classify: class probabilities of the image, of each Z/T plane, or of each
 * ROI (the ROI's bounding box, resized to the model's input), in a Results table.
 */
@Plugin(type = Command.class, menuPath = "Plugins>VisionJ>Classify", headless = true,
	description = "Class probabilities of the image, of each plane, or of each ROI, in a Results table.")
public class ClassifyCommand extends ModelCommand {

	static final String IMAGE = "image", PLANE = "plane", ROIS = "rois";

	@Parameter(label = "Classify", choices = { IMAGE, PLANE, ROIS }, persist = false,
		description = "image: the current plane as a whole; plane: every Z/T plane; rois: every ROI of a RoiSet.zip or the ROI Manager.")
	private String mode = IMAGE;

	@Parameter(label = "ROI set (.zip; empty = ROI Manager)", required = false, persist = false,
		description = "Mode rois: a ROI set file, e.g. Detect's <name>_rois.zip; empty: the ROIs of the ROI Manager (not headless).")
	private File rois;

	@Parameter(label = "Top classes listed", min = "1", persist = false,
		description = "Also list the 2nd … k-th most probable class (at most the number of classes).")
	private int top_k = 1;

	public ClassifyCommand() {
		super("image-modality");
	}

	@Override
	public List<OutputFile> outputs() {
		return mode.equals(ROIS) ? List.of(OutputFile.RESULTS, OutputFile.ROIS) : List.of(OutputFile.RESULTS);
	}

	@Override
	protected void execute() {
		AxisImage<?> input = inputImage();
		if (!List.of(IMAGE, PLANE, ROIS).contains(mode)) throw new VisionJException("Unknown mode '" + mode +
			"'; choose image, plane or rois.");
		OutputFolder folder = outputFolder();
		String name = baseName();
		List<Roi> regions = mode.equals(ROIS) ? regions() : List.of();
		if (folder != null) folder.checkAvailable(name, outputs());
		LoadedModel loaded = loadModel();
		ModelDescription description = loaded.description();
		ClassificationDecoder decoder = decoder(description, ClassificationDecoder.class, "classification");
		DecoderSettings settings = settings(description);
		ModelRunner runner = runner(loaded, false);
		runner.check(input);
		List<String> names = classNames(description, outputChannels(description));

		List<ClassificationRow> rows = new ArrayList<>();
		List<ClassScores> scores = new ArrayList<>();
		long[] whole = { 0, 0, image.getWidth(), image.getHeight() };
		switch (mode) {
			case IMAGE -> classify(runner, input, new Plane(image.getZ() - 1, image.getT() - 1), whole, image.getTitle(),
				decoder, settings, names, rows, scores);
			case PLANE -> {
				List<Plane> planes = runner.planes(input);
				for (Plane p : planes) {
					runner.progress().checkCanceled();
					classify(runner, input, p, whole, image.getTitle() + " z=" + (p.z() + 1) + " t=" + (p.t() + 1), decoder,
						settings, names, rows, scores);
					runner.progress().report("Classifying planes", rows.size(), planes.size());
				}
			}
			default -> {
				for (Roi roi : regions) {
					runner.progress().checkCanceled();
					// A ROI reaching past the border is classified by its part inside the image.
					java.awt.Rectangle b = roi.getBounds().intersection(new java.awt.Rectangle(image.getWidth(), image.getHeight()));
					if (b.isEmpty()) throw new VisionJException("ROI '" + roi.getName() + "' lies outside the " + image.getWidth() +
						"x" + image.getHeight() + " image; remove it or choose the image it belongs to.");
					int[] czt = roi.hasHyperStackPosition() ? new int[] { 0, roi.getZPosition(), roi.getTPosition() }
						: roi.getPosition() > 0 ? image.convertIndexToPosition(roi.getPosition())
						: new int[] { 0, image.getZ(), image.getT() };
					int z = Math.max(1, czt[1]), t = Math.max(1, czt[2]);
					classify(runner, input, new Plane(z - 1, t - 1), new long[] { b.x, b.y, b.width, b.height }, roi.getName(),
						decoder, settings, names, rows, scores);
					runner.progress().report("Classifying ROIs", rows.size(), regions.size());
				}
			}
		}
		ResultsTable table = ResultTables.classification(rows, names);
		addTopK(table, scores, names);
		if (!regions.isEmpty()) nameByClass(regions, rows, folder);
		publishTable(folder, table);
	}

	private void classify(ModelRunner runner, AxisImage<?> input, Plane plane, long[] region, String source,
		ClassificationDecoder decoder, DecoderSettings settings, List<String> names, List<ClassificationRow> rows,
		List<ClassScores> scores)
	{
		ClassScores s = Classification.classify(runner, input, plane, region, decoder, settings);
		if (s.probabilities().length != names.size()) throw new VisionJException("Model '" + runner.description().name() +
			"' gives " + s.probabilities().length + " class scores but names " + names.size() +
			" classes in config.visionj.classes; fix the model description.");
		scores.add(s);
		rows.add(ClassificationRow.of(source, s, names));
	}

	/** The ROIs to classify: from the ROI set file if given, else from the ROI Manager (GUI only). */
	private List<Roi> regions() {
		List<Roi> found;
		String from;
		if (rois != null && !rois.getPath().isEmpty()) {
			found = RoiSets.read(rois.toPath());
			from = "The ROI set " + rois;
		}
		else {
			RoiManager rm = headless() ? null : RoiManager.getInstance();
			if (rm == null) throw new VisionJException("Mode 'rois' needs ROIs: give a RoiSet.zip (rois=…) or add ROIs to the ROI Manager.");
			found = List.of(rm.getRoisAsArray());
			from = "The ROI Manager";
		}
		if (found.isEmpty()) throw new VisionJException(from + " holds no ROIs; add ROIs or choose another mode.");
		for (int i = 0; i < found.size(); i++)
			if (found.get(i).getName() == null) found.get(i).setName(String.format("roi-%04d", i + 1));
		return found;
	}

	/** With top_k > 1, columns "Class 2", "Probability 2", … follow the best class. */
	private void addTopK(ResultsTable table, List<ClassScores> scores, List<String> names) {
		int k = Math.min(top_k, names.size());
		for (int row = 0; row < scores.size(); row++) {
			float[] p = scores.get(row).probabilities();
			Integer[] order = new Integer[p.length];
			for (int i = 0; i < p.length; i++)
				order[i] = i;
			java.util.Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
			for (int rank = 2; rank <= k; rank++) {
				table.setValue("Class " + rank, row, names.get(order[rank - 1]));
				table.setValue("Probability " + rank, row, p[order[rank - 1]]);
			}
		}
		for (int rank = 2; rank <= k; rank++)
			ResultTables.precise(table, "Probability " + rank);
	}

	/** Each ROI's name gains its class, in the ROI Manager or in the written ROI set. */
	private void nameByClass(List<Roi> regions, List<ClassificationRow> rows, OutputFolder folder) {
		RoiManager rm = headless() || folder != null || rois != null && !rois.getPath().isEmpty() ? null : RoiManager.getInstance();
		for (int i = 0; i < regions.size(); i++) {
			String named = regions.get(i).getName() + " [" + rows.get(i).className() + "]";
			regions.get(i).setName(named);
			if (rm != null) rm.rename(i, named);
		}
		if (folder != null) folder.writeRois(baseName(), regions);
	}
}
