package io.github.visionj.command;

import java.io.File;
import java.util.List;
import java.util.Locale;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import io.github.visionj.VisionJException;
import io.github.visionj.decode.ClassificationDecoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.image.AxisImage;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.output.ClassificationRow;
import io.github.visionj.output.ClassifyMode;
import io.github.visionj.output.OutputFile;
import io.github.visionj.output.OutputFolder;
import io.github.visionj.output.ResultTables;
import io.github.visionj.output.RoiRegions;
import io.github.visionj.pipeline.ModelRunner;

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
		boolean fromSet = rois != null && !rois.getPath().isEmpty();
		RoiManager manager = mode.equals(ROIS) && !fromSet && !headless() ? RoiManager.getInstance() : null;
		List<Roi> regions = mode.equals(ROIS) ? RoiRegions.read(fromSet ? rois.toPath() : null, manager) : List.of();
		if (folder != null) folder.checkAvailable(name, outputs());
		LoadedModel loaded = loadModel();
		ModelDescription description = loaded.description();
		ClassificationDecoder decoder = decoder(description, ClassificationDecoder.class, "classification");
		DecoderSettings settings = settings(description);
		ModelRunner runner = runner(loaded, false);
		List<String> names = classNames(description, outputChannels(description));
		List<ClassificationRow> rows = ClassifyMode.valueOf(mode.toUpperCase(Locale.ROOT)).rows(runner, image, input, regions,
			decoder, settings, names);
		if (!regions.isEmpty()) {
			RoiRegions.nameByClass(regions, rows, folder == null ? manager : null);
			if (folder != null) folder.writeRois(name, regions);
		}
		publishTable(folder, ResultTables.classification(rows, names, top_k));
	}
}
