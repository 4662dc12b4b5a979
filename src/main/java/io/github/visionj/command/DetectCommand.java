package io.github.visionj.command;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.visionj.decode.Decoder;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.decode.DetectionDecoder;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.image.AxisImage;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.output.DetectionResults;
import io.github.visionj.output.DetectionResults.PlaneBoxes;
import io.github.visionj.output.OutputFile;
import io.github.visionj.output.OutputFolder;
import io.github.visionj.output.ResultTables;
import io.github.visionj.pipeline.ObjectDetection;

/**
 * Plugins › VisionJ › Detect: boxes with class and score as rectangle ROIs and a table. Works
 * with detectors (YOLO layouts) and with instance segmentation models (the boxes of their objects).
 */
@Plugin(type = Command.class, menuPath = "Plugins>VisionJ>Detect", headless = true,
	description = "Find objects as boxes with a class and a score: rectangle ROIs and a table.")
public class DetectCommand extends ModelCommand {

	@Overrides(Setting.SCORE)
	@Parameter(label = "Score threshold (0 = model default)", min = "0", max = "1", stepSize = "0.05", persist = false,
		description = "Boxes scoring less are dropped (detectors only).")
	private double score = 0;

	@Overrides(Setting.OVERLAP)
	@Parameter(label = "Overlap threshold (0 = model default)", min = "0", max = "1", stepSize = "0.05", persist = false,
		description = "Boxes of one class overlapping a better one by more than this IoU are dropped.")
	private double overlap = 0;

	@Overrides(Setting.MAX_DETECTIONS)
	@Parameter(label = "Maximum detections per plane (0 = model default)", min = "0", persist = false,
		description = "Keep at most this many boxes per plane, the best first.")
	private int max_detections = 0;

	@Parameter(label = "Also output a label image of the boxes", persist = false,
		description = "Boxes painted as labels, the best box on top; labels unique across the stack.")
	private boolean boxes_as_labels = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Box labels", required = false)
	private ImagePlus box_labels;

	public DetectCommand() {
		super("nuclei-detect");
	}

	@Override
	public List<OutputFile> outputs() {
		return boxes_as_labels ? List.of(OutputFile.ROIS, OutputFile.RESULTS, OutputFile.OVERLAY, OutputFile.LABELS)
			: List.of(OutputFile.ROIS, OutputFile.RESULTS, OutputFile.OVERLAY);
	}

	@Override
	protected void execute() {
		AxisImage<?> input = inputImage();
		OutputFolder folder = outputFolder();
		String name = baseName();
		if (folder != null) folder.checkAvailable(name, outputs());
		LoadedModel loaded = loadModel();
		ModelDescription description = loaded.description();
		DecoderSettings settings = settings(description);
		Decoder decoder = decoder(description);
		// An instance model's boxes are its objects, at most max_detections of them, best first.
		Set<Setting> read = decoder instanceof DetectionDecoder ? decoder.settingsRead() : EnumSet.of(Setting.MAX_DETECTIONS);
		warnIgnored(decoder, read);
		List<PlaneBoxes> planes = PlaneBoxes.of(ObjectDetection.detect(runner(loaded, false), input, decoder, settings));
		DetectionResults results = DetectionResults.of(image, planes, classNames(description, DetectionResults.classes(planes)),
			description.name(), boxes_as_labels ? name + "_labels" : null);
		box_labels = results.labels();
		if (folder != null) results.write(folder, name, image);
		publishRois(folder, results.rois());
		publishTable(folder, ResultTables.detections(results.rows()));
	}
}
